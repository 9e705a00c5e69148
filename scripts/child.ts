/**
 * A build step in a process of its own, so the memory it grows goes back to the system when it ends
 * instead of staying in the build's heap (V8 keeps a grown heap). The step loads its modules, waits for
 * its input, answers with one message and exits.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { stepFile } from './steps';

type Answer<T> = { ok: true; result: T } | { ok: false; name: string; message: string };

export interface Child<A, T> {
  /** Sends the step its input; resolves with its result once it has exited. Call it once. */
  run(input: A): Promise<T>;
  /** Ends a step that will not be needed (the build failed before it). */
  stop(): void;
}

/** This process's Node.js options without the ones that load tsx. */
export function withoutTsx(execArgv: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i];
    if (['--import', '--require', '-r'].includes(arg) && execArgv[i + 1]?.includes('tsx')) i++;
    else if (!/^--(import|require)=.*tsx/.test(arg)) kept.push(arg);
  }
  return kept;
}

/**
 * Starts the TypeScript module `script`, which calls `answerParent`; it waits for `run`. `what` names it in
 * errors. A build that bundled its steps (`env` says so, see steps.ts) starts the bundle with plain Node.js.
 */
export function startChild<A, T>(script: string, env: NodeJS.ProcessEnv, what: string): Child<A, T> {
  const { file, typescript } = stepFile(script, env);
  // TypeScript runs through tsx, as `npm run build` does; a parent started without it (a test) adds it.
  const withTsx = process.execArgv.some((arg) => arg.includes('tsx')) ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
  const execArgv = typescript ? withTsx : withoutTsx(process.execArgv);
  const child = fork(file, [], { env, execArgv, serialization: 'advanced', stdio: 'inherit' });
  let answer: Answer<T> | undefined;
  child.on('message', (message) => (answer = message as Answer<T>));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  // Nobody awaits a stopped step.
  exited.catch(() => {});
  return {
    async run(input) {
      // A step that died or was stopped can't be sent anything; its exit code says so below.
      if (child.connected && !child.killed) child.send({ input }, () => {});
      const code = await exited;
      if (answer?.ok) return answer.result;
      // Rebuilt with its name, so a ContentError or CheckError is still reported as the author's problem list.
      const error = new Error(answer ? answer.message : `${what} failed (exit code ${code})`);
      if (answer) error.name = answer.name;
      throw error;
    },
    stop() {
      child.kill();
    },
  };
}

/** Starts `script` and runs it on `input` at once. */
export function runChild<A, T>(script: string, input: A, env: NodeJS.ProcessEnv, what: string): Promise<T> {
  return startChild<A, T>(script, env, what).run(input);
}

/**
 * In the child: when `moduleFile` is the script this process was started with, waits for the parent's input,
 * runs `main` on it and sends the parent the result. A parent that goes away first ends the child.
 */
export function answerParent<A, T>(moduleFile: string, main: (input: A) => Promise<T>): void {
  if (!process.send || moduleFile !== path.resolve(process.argv[1] ?? '')) return;
  process.on('disconnect', () => process.exit(1));
  process.once('message', (message) => {
    main((message as { input: A }).input).then(
      (result) => process.send!({ ok: true, result } satisfies Answer<T>, () => process.exit(0)),
      (error: Error) => process.send!({ ok: false, name: error.name, message: error.message } satisfies Answer<T>, () => process.exit(1)),
    );
  });
}
