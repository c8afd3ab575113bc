// make bench: the benchmark record. Build-stage times (from a clean build,
// timed by the Makefile's progress lines) and the whole build's wall clock and
// CPU time, sizes of every artifact, the time from QEMU start to `nexus: ready`
// on each boot path (median of 5 runs), the in-kernel micro-benchmarks and the
// cell benchmarks of the kernel's system call, IPC, ring and spawn paths.
// Written to bench/results.json and printed as tables. Nothing here is a test:
// figures are measured and recorded, never asserted.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { hash as blake3Wasm } from "blake3-wasm";
import * as noble from "@noble/ed25519";
import { cases, x86, rv } from "../tests/qemu/cases.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// The makes this starts are top-level ones (their own jobs, one per CPU),
// not sub-makes of the `make bench` that started this.
for (const k of ["MAKEFLAGS", "MFLAGS", "MAKELEVEL"]) delete process.env[k];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// The build stages, one job at a time (make -j1) from a clean tree: each
// architecture in turn, release images and test initrd, each stage timed from
// its progress line to the next one (or the end). The cells' wasm and C do not
// depend on the architecture and are made once, so their ASC and WASM2C
// stages show under x86_64 only.
const BUILD_DIRS = ["build/cells", "build/x86_64", "build/riscv64"];
function stageName(tool: string, target: string): string {
  if (tool === "CC" && target.includes("gen/kernel.o")) return "CC kernel.c";
  return target.includes("/cells/") ? `${tool} cells` : tool;
}

async function timeStages(arch: string): Promise<Record<string, number>> {
  const start = performance.now();
  const marks: { stage: string; t: number }[] = [];
  await new Promise<void>((resolve, reject) => {
    const p = spawn("make", ["-j1", "--no-print-directory", `ARCH=${arch}`, "all", "test-initrd"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buf = "";
    p.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const m = /^\s+([A-Z0-9]+)\s+(\S+)/.exec(line);
        if (m) marks.push({ stage: stageName(m[1], m[2]), t: performance.now() });
      }
    });
    p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`make ARCH=${arch} failed`))));
  });
  const end = performance.now();
  const stages: Record<string, number> = {};
  for (let i = 0; i < marks.length; i++) {
    const next = i + 1 < marks.length ? marks[i + 1].t : end;
    stages[marks[i].stage] = (stages[marks[i].stage] ?? 0) + (next - marks[i].t) / 1000;
  }
  stages["total"] = (end - start) / 1000;
  return stages;
}

// The build as make runs it (as many jobs as CPUs, both architectures at
// once): `make GOALS`, from a clean tree unless `again`; wall clock, and user
// and system CPU seconds of every process (the shell's `times`).
function timeBuild(goals: string, again = false): { wall: number; user: number; sys: number } {
  if (!again) spawnSync("rm", ["-rf", ...BUILD_DIRS]);
  const t0 = performance.now();
  const r = spawnSync("sh", ["-c", `make --no-print-directory ${goals} >/dev/null || exit 1; times`], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`the build (${goals}) failed`);
  const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(r.stdout);
  if (!m) throw new Error(`no CPU times in ${JSON.stringify(r.stdout)}`);
  const secs = (min: string, sec: string) => Number((Number(min) * 60 + Number(sec)).toFixed(2));
  return { wall: Number(wall.toFixed(2)), user: secs(m[1], m[2]), sys: secs(m[3], m[4]) };
}

function sizes(arch: string): Record<string, number> {
  const dir = `build/${arch}`;
  const out: Record<string, number> = {};
  const file = (name: string) => existsSync(`${dir}/${name}`) && (out[name] = statSync(`${dir}/${name}`).size);
  file("kernel.wasm");
  out["kernel.c lines"] = readFileSync(`${dir}/gen/kernel.c`, "utf8").split("\n").length;
  const size = spawnSync("llvm-size", ["-A", `${dir}/kernel.elf`]).stdout.toString();
  for (const sec of [".text", ".rodata", ".data", ".ksyms", ".bss"]) {
    const m = new RegExp(`^\\${sec}\\s+(\\d+)`, "m").exec(size);
    if (m) out[`ELF ${sec}`] = Number(m[1]);
  }
  for (const f of ["kernel.elf", "Image", "nexus-grub.iso", "nexus-limine.iso", "nexus-sd.img"]) file(f);
  return out;
}

// One boot: seconds from spawning QEMU to the first `nexus: ready` on serial.
// The serial port goes to a file, polled every 5 ms (the resolution of the
// figure), as in the harness: a pipe can stall QEMU 7.2's sifive_uart.
function bootOnce(argv: string[], timeoutMs: number): Promise<number | null> {
  const serial = "build/bench.serial";
  writeFileSync(serial, "");
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(argv[0], [...argv.slice(1), "-serial", `file:${serial}`], { stdio: "ignore", detached: true });
    let done = false;
    const finish = (v: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(poll);
      try {
        process.kill(-p.pid!, "SIGKILL");
      } catch {}
      resolve(v);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    const poll = setInterval(() => {
      if (readFileSync(serial, "latin1").includes("nexus: ready")) finish((performance.now() - t0) / 1000);
    }, 5);
    p.on("close", () => setTimeout(() => finish(null), 20));
  });
}

async function bootTimes(): Promise<Record<string, { median: number; runs: number[] } | string>> {
  const out: Record<string, { median: number; runs: number[] } | string> = {};
  for (const c of cases.filter((c) => c.bench)) {
    const skip = c.requires?.();
    if (skip) {
      out[c.name] = `skipped: ${skip}`;
      continue;
    }
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = await bootOnce(c.command(), (c.timeout ?? 60) * 1000);
      if (t === null) {
        out[c.name] = "did not reach nexus: ready";
        break;
      }
      runs.push(Number(t.toFixed(3)));
    }
    if (runs.length === RUNS) out[c.name] = { median: median(runs), runs };
    process.stderr.write(`bench: ${c.name} ${JSON.stringify(out[c.name])}\n`);
  }
  return out;
}

// The in-kernel micro-benchmarks (kernel/bench.ts): a ktest kernel booted with
// ktest.bench=1 prints `bench: <name> <ns> ns/op` (the crypto ones a rate,
// `MB/s` or `verify/s`, each name's unit kept in `units`); median of RUNS boots, under
// plain TCG (ns) and under -icount shift=0,sleep=off (guest ns =
// instructions; sleep=off makes a halted CPU's wait cost no guest time, so
// the timer figure is instructions too, not host time). Two CPUs, for the
// cross-CPU figure; the others run on CPU 0 with CPU 1 halted.
const units: Record<string, string> = {};
// One boot's `bench:` lines. QEMU ends by itself (the ktest kernel exits),
// or is stopped once `until` appears on serial (init never powers off).
function kernelBenchOnce(argv: string[], until?: string): Promise<Record<string, number>> {
  const serial = "build/bench.serial";
  writeFileSync(serial, "");
  return new Promise((resolve) => {
    const p = spawn(argv[0], [...argv.slice(1), "-serial", `file:${serial}`], { stdio: "ignore", detached: true });
    const kill = () => {
      try {
        process.kill(-p.pid!, "SIGKILL");
      } catch {}
    };
    const timer = setTimeout(kill, 120_000);
    const poll =
      until === undefined
        ? undefined
        : setInterval(() => {
            if (readFileSync(serial, "latin1").includes(until)) kill();
          }, 50);
    p.on("close", () => {
      clearTimeout(timer);
      clearInterval(poll);
      const out: Record<string, number> = {};
      for (const m of readFileSync(serial, "latin1").matchAll(/^bench: (\S+) ([\d.]+) (\S+)/gm)) {
        out[m[1]] = Number(m[2]);
        units[m[1]] = m[3];
      }
      resolve(out);
    });
  });
}

async function kernelBenchmarks(): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  const commands: Record<string, string[]> = {
    "x86_64 tcg": x86("pc", ["-kernel", "build/x86_64-ktest/kernel.elf", "-append", "ktest.bench=1"], { smp: 2 }),
    "x86_64 icount": x86("pc", ["-icount", "shift=0,sleep=off", "-kernel", "build/x86_64-ktest/kernel.elf", "-append", "ktest.bench=1"], {
      smp: 2,
    }),
    "riscv64 tcg": rv("virt", ["-kernel", "build/riscv64-ktest/Image", "-append", "ktest.bench=1"], { smp: 2 }),
    // One hart: under -icount QEMU 7.2 runs the harts round-robin and did not
    // let a started hart run while hart 0 waited for it, so no cross-CPU figure.
    "riscv64 icount": rv("virt", ["-icount", "shift=0,sleep=off", "-kernel", "build/riscv64-ktest/Image", "-append", "ktest.bench=1"], {
      smp: 1,
    }),
  };
  for (const [mode, argv] of Object.entries(commands)) {
    const runs: Record<string, number[]> = {};
    for (let i = 0; i < RUNS; i++) {
      for (const [k, v] of Object.entries(await kernelBenchOnce(argv))) (runs[k] ??= []).push(v);
    }
    out[mode] = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
    process.stderr.write(`bench: ${mode} ${JSON.stringify(out[mode])}\n`);
  }
  return out;
}

// The microkernel's paths as a cell sees them (cells/benchmarks/bench/main.ts,
// with benchsrv, benchring, benchnop): the normal kernel and the test initrd booted with
// init.run=bench, one CPU; each figure is the cell's median of 5 runs, and
// here the median of RUNS boots. Under -icount shift=0 a guest ns is one
// instruction, so those figures are instruction counts (not cycles: QEMU
// models no pipeline or caches). docs/performance.md sets them beside seL4's.
async function cellBenchmarks(): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  const boot = (arch: string) =>
    arch === "x86_64"
      ? ["-kernel", "build/x86_64/kernel.elf", "-initrd", "build/x86_64/test/initrd.nxi", "-append", "init.run=bench"]
      : ["-kernel", "build/riscv64/Image", "-initrd", "build/riscv64/test/initrd.nxi", "-append", "init.run=bench"];
  const icount = ["-icount", "shift=0,sleep=off"];
  const commands: Record<string, string[]> = {
    "x86_64 tcg": x86("pc", boot("x86_64")),
    "x86_64 icount": x86("pc", [...icount, ...boot("x86_64")]),
    "riscv64 tcg": rv("virt", boot("riscv64")),
    "riscv64 icount": rv("virt", [...icount, ...boot("riscv64")]),
  };
  for (const [mode, argv] of Object.entries(commands)) {
    const runs: Record<string, number[]> = {};
    for (let i = 0; i < RUNS; i++) {
      const r = await kernelBenchOnce(argv, "init: init.run done");
      if (!readFileSync("build/bench.serial", "latin1").includes("bench: cells done"))
        process.stderr.write(`bench: ${mode}: the bench cell did not finish (see build/bench.serial)\n`);
      for (const [k, v] of Object.entries(r)) if (k !== "cells") (runs[k] ??= []).push(v);
    }
    out[mode] = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
    process.stderr.write(`bench: cells ${mode} ${JSON.stringify(out[mode])}\n`);
  }
  return out;
}

// The kernel's crypto outside QEMU, and what it is measured against. The
// hosted build (make hosted: the same TS through asc, wasm2c and clang -O2,
// for Linux; bench/hosted/main.c) prints its figures, the BLAKE3 digest of its
// buffer and the Ed25519 signature it verified; the references are b3sum (C,
// Rust's SIMD BLAKE3) on a 64 MiB file, libsodium (bench/hosted/sodium.c) on
// that signature, and blake3-wasm and @noble/ed25519 in this Node.
const HOSTED = "build/hosted";
const MB = 1e6;

// Median of 5 batches of `n` calls after one to warm up: seconds per call.
function secondsPerCall(fn: () => unknown, n: number): number {
  const batches: number[] = [];
  for (let b = -1; b < 5; b++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    if (b >= 0) batches.push((performance.now() - t0) / 1000 / n);
  }
  return median(batches);
}

function lines(prefix: string, text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(new RegExp(`^${prefix}: (\\S+) (.*)$`, "gm"))) out[m[1]] = m[2];
  return out;
}

// b3sum's seconds for the file, less its seconds for an empty one (process
// start), median of RUNS after one run to fill the page cache.
function b3sumSeconds(file: string, threads: string[]): number {
  const time = (f: string) => {
    const t0 = performance.now();
    const r = spawnSync("b3sum", [...threads, f]);
    if (r.status !== 0) throw new Error(`b3sum failed: ${r.stderr}`);
    return (performance.now() - t0) / 1000;
  };
  const med = (f: string) => {
    time(f);
    return median(Array.from({ length: RUNS }, () => time(f)));
  };
  return med(file) - med(`${HOSTED}/empty.bin`);
}

function cryptoFigures(): any {
  const made = spawnSync("make", ["--no-print-directory", "hosted"], { stdio: ["ignore", "inherit", "inherit"] });
  if (made.status !== 0) return { error: "make hosted failed" };
  const run = spawnSync(`${HOSTED}/crypto-bench`, { encoding: "utf8" });
  if (run.status !== 0) return { error: `crypto-bench failed: ${run.stderr.trim()}` };
  const h = lines("hosted", run.stdout);
  const [pubHex, sigHex, msgHex] = h["vector"].split(" ");
  const sodiumRun = spawnSync(`${HOSTED}/sodium-bench`, [pubHex, sigHex, msgHex], { encoding: "utf8" });
  const sodium = lines("sodium", sodiumRun.stdout);

  // Node: the same 1 MiB buffer (byte i is i % 251) and the same signature.
  const buf = Buffer.alloc(1 << 20);
  for (let i = 0; i < buf.length; i++) buf[i] = i % 251;
  const nodeDigest = blake3Wasm(buf).toString("hex");
  const nodeBlake3 = buf.length / secondsPerCall(() => blake3Wasm(buf), 32) / MB;
  noble.hashes.sha512 = (m: Uint8Array) => new Uint8Array(createHash("sha512").update(m).digest());
  const [pub, sig, msg] = [pubHex, sigHex, msgHex].map((x) => Buffer.from(x, "hex"));
  const nobleValid = noble.verify(sig, msg, pub);
  const nodeEd25519 = 1 / secondsPerCall(() => noble.verify(sig, msg, pub), 50);

  // b3sum: 64 MiB of the same pattern, one thread and all of them.
  const big = `${HOSTED}/b3sum-64m.bin`;
  if (!existsSync(big)) writeFileSync(big, Buffer.concat(Array.from({ length: 64 }, () => buf)));
  writeFileSync(`${HOSTED}/empty.bin`, "");
  const bigBytes = statSync(big).size;
  const b3sum1 = bigBytes / b3sumSeconds(big, ["--num-threads", "1"]) / MB;
  const b3sumAll = bigBytes / b3sumSeconds(big, []) / MB;

  const hosted = { blake3: Number(h["blake3"].split(" ")[0]), ed25519: Number(h["ed25519-verify"].split(" ")[0]) };
  const libsodium = Number(sodium["ed25519-verify"]?.split(" ")[0] ?? NaN);
  const ratio = (a: number, b: number) => Number((a / b).toFixed(4));
  return {
    "blake3 MB/s": {
      hosted: hosted.blake3,
      "b3sum 1 thread": Number(b3sum1.toFixed(1)),
      [`b3sum ${spawnSync("nproc").stdout.toString().trim()} threads`]: Number(b3sumAll.toFixed(1)),
      "node blake3-wasm": Number(nodeBlake3.toFixed(1)),
    },
    "ed25519 verify/s": { hosted: hosted.ed25519, libsodium, "node @noble/ed25519": Number(nodeEd25519.toFixed(1)) },
    ratios: {
      "blake3 hosted / b3sum 1 thread": ratio(hosted.blake3, b3sum1),
      "blake3 hosted / node blake3-wasm": ratio(hosted.blake3, nodeBlake3),
      "ed25519 hosted / libsodium": ratio(hosted.ed25519, libsodium),
      "ed25519 hosted / node @noble/ed25519": ratio(hosted.ed25519, nodeEd25519),
    },
    checks: {
      "hosted BLAKE3 digest equals blake3-wasm's": h["blake3-digest"] === nodeDigest,
      "libsodium accepts the signature": sodiumRun.status === 0,
      "@noble/ed25519 accepts the signature": nobleValid,
    },
  };
}

function table(title: string, rows: [string, string][]): void {
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}

const results: any = {
  date: new Date().toISOString(),
  host: `${process.platform} ${process.arch}, ${spawnSync("nproc").stdout.toString().trim()} cores`,
  stages: {},
  build: {},
  sizes: {},
  boot: {},
};
spawnSync("rm", ["-rf", ...BUILD_DIRS]);
for (const arch of ["x86_64", "riscv64"]) results.stages[arch] = await timeStages(arch);
results.build["release images (make images)"] = timeBuild("images");
const everyCell = "test-flavour-x86_64 test-flavour-riscv64";
results.build["release images, every cell and the test initrds"] = timeBuild(everyCell);
results.build["again, nothing changed"] = timeBuild(everyCell, true);
for (const arch of ["x86_64", "riscv64"]) results.sizes[arch] = sizes(arch);
results.boot = await bootTimes();
for (const arch of ["x86_64", "riscv64"]) spawnSync("make", ["--no-print-directory", `ARCH=${arch}`, "KTEST=1"], { stdio: "inherit" });
results.kernel = await kernelBenchmarks();
results.cells = await cellBenchmarks();
results.units = units;
results.crypto = cryptoFigures();
mkdirSync("bench", { recursive: true });
writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");

for (const arch of ["x86_64", "riscv64"]) {
  table(
    `build stages, ${arch} (seconds, clean build with make -j1, release images and test initrd)`,
    Object.entries(results.stages[arch]).map(([k, v]) => [k, (v as number).toFixed(2)]),
  );
  table(
    `sizes, ${arch} (bytes)`,
    Object.entries(results.sizes[arch]).map(([k, v]) => [k, String(v)]),
  );
}
table(
  "the build, both architectures, as make runs it (seconds; clean unless said)",
  Object.entries(results.build).map(([k, v]: [string, any]) => [
    k,
    `wall ${v.wall.toFixed(2)}, CPU user ${v.user.toFixed(2)} + system ${v.sys.toFixed(2)}`,
  ]),
);
table(
  `QEMU start to "nexus: ready" (seconds, median of ${RUNS})`,
  Object.entries(results.boot).map(([k, v]: [string, any]) => [
    k,
    typeof v === "string" ? v : `${v.median.toFixed(3)}  (${v.runs.join(" ")})`,
  ]),
);
const names = [...new Set(Object.values(results.kernel).flatMap((r: any) => Object.keys(r)))];
table(
  `in-kernel micro-benchmarks (median of ${RUNS} boots; tcg: per host second, icount: per guest second = 10^9 instructions)`,
  names.map((n) => [
    `${n} (${units[n]})`,
    Object.entries(results.kernel)
      .map(([mode, r]: [string, any]) => `${mode}: ${r[n] ?? "-"}`)
      .join("   "),
  ]),
);
const cellNames = [...new Set(Object.values(results.cells).flatMap((r: any) => Object.keys(r)))];
const insns = (mode: string, n: string) => (mode.endsWith("icount") && units[n].startsWith("ns") ? " insns" : "");
table(
  `cell benchmarks, -smp 1 (median of ${RUNS} boots of the cell's median of 5; tcg: host ns; icount: guest ns = instructions, not cycles)`,
  cellNames.map((n) => [
    `${n} (${units[n]})`,
    Object.entries(results.cells)
      .map(([mode, r]: [string, any]) => `${mode}: ${r[n] ?? "-"}${r[n] === undefined ? "" : insns(mode, n)}`)
      .join("   "),
  ]),
);
if (results.crypto.error) table("crypto, hosted and native", [["error", results.crypto.error]]);
else {
  const c = results.crypto;
  table("crypto outside QEMU (MB = 10^6 bytes; hosted = the kernel's TS through asc, wasm2c, clang -O2, for Linux)", [
    ...Object.entries(c["blake3 MB/s"]).map(([k, v]) => [`blake3 ${k}`, `${v} MB/s`] as [string, string]),
    ...Object.entries(c["ed25519 verify/s"]).map(([k, v]) => [`ed25519 ${k}`, `${v} verify/s`] as [string, string]),
    ...Object.entries(c.ratios).map(([k, v]) => [k, String(v)] as [string, string]),
    ...Object.entries(c.checks).map(([k, v]) => [k, v ? "yes" : "NO"] as [string, string]),
  ]);
}
console.log("\nwritten to bench/results.json");
