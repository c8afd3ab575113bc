// Reading and writing the user's files with one-line errors.
import { readFileSync, writeFileSync, renameSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { NexusError } from "./bytes.ts";

const reason = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EISDIR") return "is a directory";
  if (code === "EACCES") return "permission denied";
  if (code === "ENOTDIR") return "not a directory";
  return (e as Error).message;
};

export function readInput(path: string, limit = Number.MAX_SAFE_INTEGER): Uint8Array {
  try {
    const size = statSync(path).size;
    if (size > limit) throw new NexusError(`${path}: ${size} bytes, over the ${limit}-byte limit`);
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    if (e instanceof NexusError) throw e;
    throw new NexusError(`${path}: ${reason(e)}`);
  }
}

export function readText(path: string): string {
  return Buffer.from(readInput(path)).toString("utf8");
}

// Writes through a temporary file and a rename, so a reader never sees half.
export function writeOutput(path: string, data: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    throw new NexusError(`cannot write ${path}: ${reason(e)}`);
  }
}

export function ensureDir(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
    if (!statSync(path).isDirectory()) throw new Error("not a directory");
  } catch (e) {
    throw new NexusError(`cannot use ${path} as the output directory: ${reason(e)}`);
  }
}

export function listDir(path: string, suffix: string): string[] {
  try {
    return readdirSync(path)
      .filter((n) => n.endsWith(suffix))
      .map((n) => join(path, n));
  } catch (e) {
    throw new NexusError(`${path}: ${reason(e)}`);
  }
}
