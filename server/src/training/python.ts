/**
 * The one door to the Python training pipeline (models/telltale_models): finds the interpreter the
 * setup script installed, runs `python -m <module> ...` from models/, streams its stdout lines to the
 * caller (progress) and turns a failed run into an error carrying what it wrote on stderr.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** models/ in the repository (the package's working directory). */
export const MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));

/** Raised when the pipeline cannot run or exits with a non-zero status. */
export class PythonRunError extends Error {
  override readonly name = 'PythonRunError';
  constructor(
    message: string,
    /** Exit status; 2 = bad input (a table or argument the pipeline refused). */
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** `TELLTALE_PYTHON` when set, else models/.venv/bin/python; throws with the setup hint when missing. */
export function pythonExecutable(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.TELLTALE_PYTHON;
  if (configured) return configured;
  const venv = `${MODELS_DIR}.venv/bin/python`;
  if (!existsSync(venv)) throw new PythonRunError(`the training environment ${venv} does not exist: run \`npm run setup\` first (it installs models/requirements.txt)`, null, '');
  return venv;
}

export interface RunPythonOptions {
  /** Each line the pipeline prints on stdout (its progress lines), without the newline. */
  onLine?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** Runs `python -m <module> ...args` in models/ and resolves with everything printed on stdout. */
export function runPythonModule(module: string, args: readonly string[], options: RunPythonOptions = {}): Promise<string> {
  const python = pythonExecutable(options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-m', module, ...args], {
      cwd: MODELS_DIR,
      env: { ...process.env, ...options.env, PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => reject(new PythonRunError(`cannot run ${python}: ${error.message}`, null, stderr)));
    child.on('close', (code) => {
      if (partial) options.onLine?.(partial);
      if (code === 0) return resolve(stdout);
      const reason = stderr.trim().split('\n').filter(Boolean).slice(-5).join('\n') || `exit status ${code}`;
      reject(new PythonRunError(`python -m ${module} ${args[0] ?? ''} failed: ${reason}`, code, stderr));
    });
  });
}

/** Runs the training pipeline's CLI: `python -m telltale_models <args>`. */
export function runTelltaleModels(args: readonly string[], options: RunPythonOptions = {}): Promise<string> {
  return runPythonModule('telltale_models', args, options);
}
