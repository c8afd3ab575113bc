// make bench: the benchmark record. Build-stage times (from a clean build,
// timed by the Makefile's progress lines), sizes of every artifact, and the
// time from QEMU start to `nexus: ready` on each boot path (median of 5 runs).
// Written to bench/results.json and printed as tables. Nothing here is a test:
// figures are measured and recorded, never asserted.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cases, x86, rv } from "../tests/qemu/cases.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// Clean-build one flavour and time each stage: make prints one progress line
// as a stage starts, so a stage lasts until the next line (or the end).
async function timeStages(arch: string): Promise<Record<string, number>> {
  spawnSync("rm", ["-rf", `build/${arch}`]);
  const start = performance.now();
  const marks: { stage: string; t: number }[] = [];
  await new Promise<void>((resolve, reject) => {
    const p = spawn("make", ["--no-print-directory", `ARCH=${arch}`], { stdio: ["ignore", "pipe", "inherit"] });
    let buf = "";
    p.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const m = /^\s+([A-Z0-9]+)\s+(\S+)/.exec(line);
        if (m) marks.push({ stage: m[1] === "CC" && m[2].includes("gen/kernel.o") ? "CC kernel.c" : m[1], t: performance.now() });
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
      try { process.kill(-p.pid!, "SIGKILL"); } catch {}
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
    if (skip) { out[c.name] = `skipped: ${skip}`; continue; }
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = await bootOnce(c.command(), (c.timeout ?? 60) * 1000);
      if (t === null) { out[c.name] = "did not reach nexus: ready"; break; }
      runs.push(Number(t.toFixed(3)));
    }
    if (runs.length === RUNS) out[c.name] = { median: median(runs), runs };
    process.stderr.write(`bench: ${c.name} ${JSON.stringify(out[c.name])}\n`);
  }
  return out;
}

// The in-kernel micro-benchmarks (kernel/bench.ts): a ktest kernel booted with
// ktest.bench=1 prints `bench: <name> <ns> ns/op`; median of RUNS boots, under
// plain TCG (ns) and under -icount shift=0,sleep=off (guest ns =
// instructions; sleep=off makes a halted CPU's wait cost no guest time, so
// the timer figure is instructions too, not host time). Two CPUs, for the
// cross-CPU figure; the others run on CPU 0 with CPU 1 halted.
function kernelBenchOnce(argv: string[]): Promise<Record<string, number>> {
  const serial = "build/bench.serial";
  writeFileSync(serial, "");
  return new Promise((resolve) => {
    const p = spawn(argv[0], [...argv.slice(1), "-serial", `file:${serial}`], { stdio: "ignore", detached: true });
    const timer = setTimeout(() => { try { process.kill(-p.pid!, "SIGKILL"); } catch {} }, 120_000);
    p.on("close", () => {
      clearTimeout(timer);
      const out: Record<string, number> = {};
      for (const m of readFileSync(serial, "latin1").matchAll(/^bench: (\S+) ([\d.]+) ns\/op/gm)) out[m[1]] = Number(m[2]);
      resolve(out);
    });
  });
}

async function kernelBenchmarks(): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  const commands: Record<string, string[]> = {
    "x86_64 tcg": x86("pc", ["-kernel", "build/x86_64-ktest/kernel.elf", "-append", "ktest.bench=1"], { smp: 2 }),
    "x86_64 icount": x86("pc", ["-icount", "shift=0,sleep=off", "-kernel", "build/x86_64-ktest/kernel.elf", "-append", "ktest.bench=1"], { smp: 2 }),
    "riscv64 tcg": rv("virt", ["-kernel", "build/riscv64-ktest/Image", "-append", "ktest.bench=1"], { smp: 2 }),
    // One hart: under -icount QEMU 7.2 runs the harts round-robin and did not
    // let a started hart run while hart 0 waited for it, so no cross-CPU figure.
    "riscv64 icount": rv("virt", ["-icount", "shift=0,sleep=off", "-kernel", "build/riscv64-ktest/Image", "-append", "ktest.bench=1"], { smp: 1 }),
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

function table(title: string, rows: [string, string][]): void {
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}

const results: any = { date: new Date().toISOString(), host: `${process.platform} ${process.arch}, ${spawnSync("nproc").stdout.toString().trim()} cores`, stages: {}, sizes: {}, boot: {} };
for (const arch of ["x86_64", "riscv64"]) {
  results.stages[arch] = await timeStages(arch);
  results.sizes[arch] = sizes(arch);
}
results.boot = await bootTimes();
for (const arch of ["x86_64", "riscv64"]) spawnSync("make", ["--no-print-directory", `ARCH=${arch}`, "KTEST=1"], { stdio: "inherit" });
results.kernel = await kernelBenchmarks();
mkdirSync("bench", { recursive: true });
writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");

for (const arch of ["x86_64", "riscv64"]) {
  table(`build stages, ${arch} (seconds, clean build)`, Object.entries(results.stages[arch]).map(([k, v]) => [k, (v as number).toFixed(2)]));
  table(`sizes, ${arch} (bytes)`, Object.entries(results.sizes[arch]).map(([k, v]) => [k, String(v)]));
}
table(`QEMU start to "nexus: ready" (seconds, median of ${RUNS})`, Object.entries(results.boot).map(([k, v]: [string, any]) => [k, typeof v === "string" ? v : `${v.median.toFixed(3)}  (${v.runs.join(" ")})`]));
const names = [...new Set(Object.values(results.kernel).flatMap((r: any) => Object.keys(r)))];
table(`in-kernel micro-benchmarks (median of ${RUNS} boots; tcg: ns/op, icount: guest ns/op = instructions)`,
  names.map((n) => [n, Object.entries(results.kernel).map(([mode, r]: [string, any]) => `${mode}: ${r[n] ?? "-"}`).join("   ")]));
console.log("\nwritten to bench/results.json");
