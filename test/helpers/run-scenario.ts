// Runs a scenario script in a child Node process: scenarios that exit, crash, preload or patch
// modules must not share the test runner's process.
import { spawn } from 'node:child_process';

export interface ScenarioResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ScenarioOptions {
  env?: Record<string, string | undefined>;
  nodeArgs?: string[];
  args?: string[];
  cwd?: string;
  timeoutMs?: number;
}

export function runScenario(file: string, options: ScenarioOptions = {}): Promise<ScenarioResult> {
  const { env = {}, nodeArgs = [], args = [], cwd, timeoutMs = 20_000 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, file, ...args], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`scenario ${file} timed out after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
