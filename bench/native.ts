/** Runs bench/reference/densenet_torch.py (PyTorch on the CPU) and returns its JSON line. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onExit } from './preview';

export interface NativeResult {
  backend: 'pytorch-cpu';
  torch: string;
  threads: number;
  batch: number;
  imagesPerSecond: number;
  msPerStep: number;
  windowImagesPerSecond: number[];
  stepsPerWindow: number;
}

const SCRIPT = fileURLToPath(new URL('./reference/densenet_torch.py', import.meta.url));

/** $PYTHON, else Debian's /usr/bin/python3 (where apt's python3-torch lives), else python3 on the PATH. */
function python(): string {
  return process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
}

/** Overrides of the script's warm-up steps, window count and seconds for all windows. */
export interface NativeTiming {
  warmup?: number;
  windows?: number;
  seconds?: number;
}

export function runNative(batch: number, threads: number, timing: NativeTiming = {}): Promise<NativeResult> {
  const args = [SCRIPT, '--batch', String(batch), '--threads', String(threads), '--json'];
  for (const [flag, value] of Object.entries(timing)) if (value !== undefined) args.push(`--${flag}`, String(value));
  return new Promise((resolve, reject) => {
    const child = execFile(python(), args, { timeout: 300_000 }, (error, stdout, stderr) => {
      forget();
      if (error) {
        const hint = /No module named 'torch'/.test(stderr)
          ? ' Install PyTorch: apt-get install -y python3-torch (or set $PYTHON).'
          : '';
        reject(new Error(`${python()} ${args.join(' ')} failed: ${stderr.trim() || error.message}${hint}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as NativeResult);
      } catch {
        reject(new Error(`the native benchmark printed no JSON: ${stdout}`));
      }
    });
    // A harness stopped with Ctrl-C or kill must not leave PyTorch running.
    const forget = onExit(() => child.kill('SIGTERM'));
  });
}
