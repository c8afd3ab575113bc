// Run one case: start its QEMU, watch the serial output, stop it when the case
// is decided (or at the timeout), and judge the log.
import { spawn, execFileSync } from "node:child_process";
import { Socket } from "node:net";
import {
  appendFileSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import type { Case } from "../../tests/qemu/cases.ts";
import { stripAnsi, matchOrdered, find, describe, parseKtest, type KtestLine } from "./serial.ts";
import { ledgerProblem } from "../../tests/qemu/ledger.ts";

export interface Result {
  name: string;
  status: "pass" | "fail" | "skip";
  reason: string; // why it failed or was skipped
  seconds: number;
  exitCode: number | null;
  ktests: KtestLine[];
  log: string; // ANSI-stripped serial output
}

const DEFAULT_FORBID = [/PANIC:/];

// Which make target writes a missing artifact (make test writes them all).
function maker(path: string): string {
  const arch = /^build\/(x86_64|riscv64)/.exec(path)?.[1];
  if (path.startsWith("build/trust/")) return "make trust-cases";
  if (arch && path.includes("/test/")) return `make ARCH=${arch} test-initrd`;
  if (arch && path.includes("-ktest/")) return `make ARCH=${arch} KTEST=1`;
  if (arch) return `make ARCH=${arch}`;
  return "scripts/ensure-deps.sh installs it";
}

export function runCase(c: Case, timeoutScale: number, logDir: string): Promise<Result> {
  const base = { name: c.name, seconds: 0, exitCode: null, ktests: [], log: "" };
  const skip = c.requires?.();
  if (skip) return Promise.resolve({ ...base, status: "skip", reason: skip });
  const missing = c.artifacts.find((f) => !existsSync(f));
  if (missing) return Promise.resolve({ ...base, status: "fail", reason: `missing artifact ${missing} (${maker(missing)}, or make test)` });

  // The serial port goes to a file, not a pipe: QEMU 7.2's sifive_uart stops
  // for good when a pipe write would block, and a file write never does.
  mkdirSync(logDir, { recursive: true });
  const serial = `${logDir}/${c.name.replace(/\//g, "-")}.serial`;
  writeFileSync(serial, "");
  // A case that types into the console talks to QEMU through two FIFOs
  // (QEMU's pipe chardev: NAME.in and NAME.out); the output is copied into
  // the serial file as it comes, so the rest reads it the same way.
  const fifo = c.input ? openFifos(serial) : null;
  const chardev = fifo ? ["-chardev", `pipe,id=console,path=${fifo.base}`, "-serial", "chardev:console"] : ["-serial", `file:${serial}`];
  const argv = [...c.command(), ...chardev];
  const timeout = (c.timeout ?? 60) * timeoutScale;
  const started = performance.now();
  return new Promise((resolve) => {
    // Own process group, so a kill takes QEMU and anything it started.
    const p = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "ignore", "pipe"], detached: true });
    let stderr = "";
    let stopped = false;
    let timedOut = false;
    let typed = 0; // inputs sent so far
    let typedAt = 0; // where the last one's trigger matched
    // A net.Socket reads the FIFO through libuv's event loop, not a blocked thread.
    const reader = fifo ? new Socket({ fd: fifo.out, readable: true, writable: false }) : null;
    reader?.on("data", (d: Buffer) => appendFileSync(serial, d)).on("error", () => {});
    const kill = () => {
      try {
        process.kill(-p.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeout * 1000);
    const poll = setInterval(() => {
      if (fifo && c.input && typed < c.input.length) {
        const text = stripAnsi(readFileSync(serial, "latin1"));
        const m = find(text, c.input[typed].after, typedAt);
        if (m) {
          writeSync(fifo.in, c.input[typed].send);
          typedAt = m[1];
          typed++;
        }
      }
      if (!c.stopAfter || stopped) return;
      const text = stripAnsi(readFileSync(serial, "latin1"));
      const m = matchOrdered(text, c.expect);
      if (m.matched === c.expect.length && find(text, c.stopAfter, 0)) {
        stopped = true;
        kill();
      }
    }, 50);
    p.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("latin1");
    });
    p.on("error", (e) => {
      stderr += `[harness: ${e.message}]\n`;
    });
    p.on("close", (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      // What QEMU wrote last may still be in the FIFO: let the reader drain it.
      setTimeout(() => finish(code), fifo ? 200 : 0);
    });
    const finish = (code: number | null) => {
      if (fifo) {
        reader?.destroy();
        closeFifos(fifo);
      }
      const log = stripAnsi(readFileSync(serial, "latin1")) + (stderr ? `\n[qemu stderr]\n${stderr}` : "");
      const seconds = (performance.now() - started) / 1000;
      writeFileSync(serial.replace(/\.serial$/, ".log"), `# qemu: ${argv.join(" ")}\n${log}`);
      rmSync(serial, { force: true });
      const verdict = judge(c, log, code, stopped, timedOut, timeout);
      resolve({ ...base, ...verdict, seconds, exitCode: code, log });
    };
  });
}

// Both FIFOs opened read-write, so neither open waits for QEMU's.
function openFifos(serial: string): { base: string; in: number; out: number } {
  const base = serial.replace(/\.serial$/, "");
  for (const end of [".in", ".out"]) {
    rmSync(base + end, { force: true });
    execFileSync("mkfifo", [base + end]);
  }
  return { base, in: openSync(base + ".in", constants.O_RDWR), out: openSync(base + ".out", constants.O_RDWR | constants.O_NONBLOCK) };
}

function closeFifos(f: { base: string; in: number; out: number }): void {
  closeSync(f.in); // the reader's socket has closed f.out
  rmSync(f.base + ".in", { force: true });
  rmSync(f.base + ".out", { force: true });
}

function judge(
  c: Case,
  log: string,
  code: number | null,
  stopped: boolean,
  timedOut: boolean,
  timeout: number,
): { status: "pass" | "fail"; reason: string; ktests: KtestLine[] } {
  const kt = c.ktest ? parseKtest(log) : { tests: [], summary: null };
  const fail = (reason: string) => ({ status: "fail" as const, reason, ktests: kt.tests });
  for (const f of c.forbid ?? DEFAULT_FORBID) {
    if (find(log, f, 0)) return fail(`forbidden output ${describe(f)} appeared`);
  }
  const m = matchOrdered(log, c.expect);
  if (m.matched < c.expect.length) {
    const why = timedOut ? `timeout after ${timeout}s` : `QEMU exited with status ${code}`;
    return fail(`${why} before ${describe(c.expect[m.matched])}` + (m.matched > 0 ? ` (after ${describe(c.expect[m.matched - 1])})` : ""));
  }
  if (c.ktest) {
    if (!kt.summary) return fail("no 'ktest: N passed, M failed' line");
    if (kt.summary.failed > 0) return fail(`${kt.summary.failed} in-kernel test(s) failed`);
    if (kt.summary.passed !== kt.tests.length || kt.tests.length === 0)
      return fail(`summary says ${kt.summary.passed} passed but ${kt.tests.length} test lines were printed`);
  }
  if (c.stopAfter) {
    if (!stopped) return fail(timedOut ? `timeout after ${timeout}s` : `QEMU exited (status ${code}) before ${describe(c.stopAfter)}`);
  } else if (timedOut) {
    return fail(`timeout after ${timeout}s: QEMU did not exit by itself`);
  } else if (c.exit === "nonzero" ? code === 0 || code === null : code !== c.exit) {
    return fail(`exit status ${code}, expected ${c.exit === "nonzero" ? "non-zero" : c.exit}`);
  }
  // Every boot writes a ledger: whatever else a case checks, its chain must verify.
  const ledger = ledgerProblem(log);
  if (ledger) return fail(ledger);
  const extra = c.check?.(log);
  if (extra) return fail(extra);
  return { status: "pass", reason: "", ktests: kt.tests };
}
