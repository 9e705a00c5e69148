import { parentPort } from 'node:worker_threads';
import { renderItems, type RenderItem } from './og-cards';

// Draws each batch of cards the pool sends and answers with the failures, if any.
parentPort!.on('message', async (batch: { i: number; item: RenderItem }[]) => {
  const errors = await renderItems(batch.map((b) => b.item));
  parentPort!.postMessage(batch.map((b, n) => ({ i: b.i, ...(errors[n] === undefined ? {} : { error: errors[n] }) })));
});
