/**
 * A build step in a process of its own, so the memory it grows goes back to the system when it ends
 * instead of staying in the build's heap (V8 keeps a grown heap). The child answers with one message.
 */
import { fork } from 'node:child_process';
import path from 'node:path';

type Answer<T> = { ok: true; result: T } | { ok: false; name: string; message: string };

/** Runs the TypeScript module `script` (which calls `answerParent`) with `args` and resolves with its result. */
export function runChild<T>(script: string, args: string[], env: NodeJS.ProcessEnv, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { env, serialization: 'advanced', stdio: 'inherit' });
    let answer: Answer<T> | undefined;
    child.on('message', (message) => (answer = message as Answer<T>));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (answer?.ok) return resolve(answer.result);
      // Rebuilt with its name, so a ContentError is still reported as the author's problem list.
      const error = new Error(answer ? answer.message : `${what} failed (exit code ${code})`);
      if (answer) error.name = answer.name;
      reject(error);
    });
  });
}

/** In the child: runs `main` when `moduleFile` is the script this process was started with, and sends the parent its result. */
export function answerParent<T>(moduleFile: string, main: () => Promise<T>): void {
  if (!process.send || moduleFile !== path.resolve(process.argv[1] ?? '')) return;
  main().then(
    (result) => process.send!({ ok: true, result } satisfies Answer<T>, () => process.exit(0)),
    (error: Error) => process.send!({ ok: false, name: error.name, message: error.message } satisfies Answer<T>, () => process.exit(1)),
  );
}
