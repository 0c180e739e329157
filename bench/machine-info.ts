// What every bench result records about the machine it ran on, since runs on a shared VM vary with the machine.
import { cpus } from 'node:os';

/**
 * Node's version and the CPU; with `chromiumVersion`, the browser's too, listed after Node as the browser benches'
 * results have always had it (so a new run diffs cleanly against a committed one).
 */
export const machineInfo = (chromiumVersion?: string) => {
  const cpu = cpus();
  return {
    node: process.version,
    ...(chromiumVersion === undefined ? {} : { chromium: chromiumVersion }),
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
  };
};
