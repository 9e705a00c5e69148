import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChild, startChild } from '../scripts/child';

const fixture = (name: string) => path.resolve('tests/fixtures/children', `${name}.ts`);

describe('build steps in processes of their own (scripts/child.ts)', () => {
  it('sends the input and resolves with the answer, structured-cloned both ways', async () => {
    const seen = new Map([['post', new Date('2026-01-02T03:04:05Z')]]);
    const result = await runChild<{ n: number; seen: Map<string, Date> }, { doubled: number; seen: Map<string, Date> }>(fixture('double'), { n: 21, seen }, process.env, 'doubling');
    expect(result.doubled).toBe(42);
    expect(result.seen.get('post')).toBeInstanceOf(Date);
    expect(result.seen.get('post')!.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('waits for its input when started early', async () => {
    const step = startChild<{ n: number; seen: Map<string, Date> }, { doubled: number }>(fixture('double'), process.env, 'doubling');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await step.run({ n: 5, seen: new Map() })).doubled).toBe(10);
  });

  it("rejects with the step's error name and message", async () => {
    const failure = runChild(fixture('fails'), 'posts/bad.md', process.env, 'loading');
    await expect(failure).rejects.toMatchObject({ name: 'ContentError', message: 'posts/bad.md:3: invalid YAML front matter' });
  });

  it('names the step and its exit code when it dies without answering', async () => {
    await expect(runChild(fixture('crashes'), undefined, process.env, 'the crashing step')).rejects.toThrow('the crashing step failed (exit code 3)');
  });

  it('ends a step that is stopped before it runs', async () => {
    const step = startChild(fixture('double'), process.env, 'the stopped step');
    step.stop();
    await expect(step.run({ n: 1, seen: new Map() })).rejects.toThrow('the stopped step failed');
  });
});
