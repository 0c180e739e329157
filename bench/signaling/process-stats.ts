// What the kernel says about the processes the bench started, and about the machine: resident memory and CPU
// time, from /proc (Linux).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** VmRSS of /proc/<pid>/status, in MB (MiB). */
export const residentMb = (pid: number): number => {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) {
    throw new Error(`no VmRSS for process ${pid}`);
  }
  return Number(match[1]) / 1024;
};

/** User plus system CPU time of the process so far, in seconds. */
export const cpuSeconds = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15, i.e. the 12th and 13th after the name.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
};

/**
 * CPU time the whole machine spent in processes (user, nice, system), in seconds, and time the hypervisor took
 * (steal). Interrupt and softirq time, where loopback packets are processed, is left out: no process is billed
 * for it, so it is neither ours nor anyone else's.
 */
export const machineCpuSeconds = (): { readonly busy: number; readonly steal: number } => {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const [user = 0, nice = 0, system = 0, , , , , steal = 0] = fields;
  return { busy: (user + nice + system) / CLOCK_TICKS, steal: steal / CLOCK_TICKS };
};
