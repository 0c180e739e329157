// Parent side of child-calls.ts: starts a child Node process (bundled JavaScript, or TypeScript through tsx),
// optionally pinned to CPUs with taskset so servers and load generators do not compete for a core, and calls its
// methods.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { CallEnvelope, CallMap, ChildEnvelope } from './child-calls';

export interface ChildOptions {
  /** taskset CPU list such as "0" or "1-3"; null runs unpinned. */
  readonly cpus: string | null;
  readonly args?: readonly string[];
  readonly nodeOptions?: readonly string[];
}

export interface Child<Calls extends CallMap<Calls>, Ready> {
  readonly pid: number;
  readonly ready: Ready;
  call<Method extends keyof Calls & string>(
    method: Method,
    args: Calls[Method]['args'],
  ): Promise<Calls[Method]['result']>;
  /**
   * Resolves once the process has exited: after `graceMs` for it to leave on its own (say, after a `close`
   * call, so it can write its CPU profile), SIGTERM, and SIGKILL if it lingers.
   */
  stop(graceMs?: number): Promise<void>;
}

const KILL_AFTER_MS = 10_000;

export const startChild = async <Calls extends CallMap<Calls>, Ready>(
  script: URL,
  options: ChildOptions,
): Promise<Child<Calls, Ready>> => {
  const loader = script.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const nodeArgs = [
    ...(options.nodeOptions ?? []),
    ...loader,
    fileURLToPath(script),
    ...(options.args ?? []),
  ];
  const [command, args] =
    options.cpus === null
      ? [process.execPath, nodeArgs]
      : ['taskset', ['--cpu-list', options.cpus, process.execPath, ...nodeArgs]];
  // taskset execs node in place, so the pid is the node process's own (whose /proc entries we read).
  const child = spawn(command, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not start ${script.pathname}`);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let onReady: ((info: unknown) => void) | null = null;
  let onEarlyExit: ((error: Error) => void) | null = null;

  child.on('message', (envelope: ChildEnvelope) => {
    if (envelope.kind === 'ready') {
      onReady?.(envelope.info);
      return;
    }
    const waiter = pending.get(envelope.id);
    pending.delete(envelope.id);
    if (envelope.kind === 'result') {
      waiter?.resolve(envelope.result);
    } else {
      waiter?.reject(new Error(`${script.pathname}: ${envelope.message}`));
    }
  });
  child.once('exit', (code, signal) => {
    const error = new Error(`${script.pathname} exited (${code ?? signal ?? 'unknown'})`);
    onEarlyExit?.(error);
    for (const waiter of pending.values()) {
      waiter.reject(error);
    }
    pending.clear();
  });

  const ready = await new Promise<Ready>((resolve, reject) => {
    onReady = (info) => resolve(info as Ready);
    onEarlyExit = reject;
  });
  onEarlyExit = null;

  return {
    pid,
    ready,
    call(method, args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, method, args } satisfies CallEnvelope);
      });
    },
    async stop(graceMs = 0) {
      const alive = () => child.exitCode === null && child.signalCode === null;
      if (alive() && graceMs > 0) {
        await Promise.race([exited, sleep(graceMs)]);
      }
      if (!alive()) {
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      await exited;
      clearTimeout(timer);
    },
  };
};
