// asc.js: the AssemblyScript compiler for several modules in one Node process.
//
//   node scripts/asc.js [--skip-fresh] [--depfile FILE TARGET] ASC-OPTION... -- OUT.wasm=ENTRY.ts...
//
// Each OUT.wasm=ENTRY.ts is one `asc ENTRY.ts ASC-OPTION... -o OUT.wasm`, with
// the same output bytes: asc.main is called once per module. A process of its
// own costs each module about 3 s before it compiles anything (Node loads
// binaryen, 13 MB of JS and wasm, and V8 compiles it); here that is paid once.
// Binaryen runs on V8's baseline wasm compiler only (--liftoff-only): its
// optimising tier costs more than it saves in a process this short.
//
// OUT.wasm.deps lists what asc read for a module (the entry, each imported
// file, the config, the runtime) and the options. With --skip-fresh, for a
// group of modules behind one make target, asc.js decides what to compile: not
// a module whose OUT.wasm exists and whose list is unchanged and older than
// its .deps file; and OUT.wasm is replaced only when its bytes change, so the
// steps after it run only for what really changed. Without it make decides,
// and every OUT.wasm is written. --depfile writes a make rule "TARGET: every
// file any module read", and an empty rule per file so that a deleted one is
// no error (as gcc -MD -MP do). Plain JS, not TS: tsx would transform
// binaryen's 13 MB on every start.
import { readFileSync, writeFileSync, renameSync, mkdirSync, statSync, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";

const USAGE = "usage: node scripts/asc.js [--skip-fresh] [--depfile FILE TARGET] ASC-OPTION... -- OUT.wasm=ENTRY.ts...";
const fail = (msg, status = 1) => {
  process.stderr.write(`asc.js: ${msg}\n`);
  process.exit(status);
};

// ---- the command line --------------------------------------------------------
const argv = process.argv.slice(2);
let skipFresh = false,
  depfile = null,
  target = null;
while (argv[0] === "--skip-fresh" || argv[0] === "--depfile") {
  const opt = argv.shift();
  if (opt === "--skip-fresh") skipFresh = true;
  else {
    if (argv.length < 2 || argv[0].startsWith("-") || argv[1].startsWith("-")) fail(`--depfile needs FILE and TARGET\n${USAGE}`, 2);
    [depfile, target] = argv.splice(0, 2);
  }
}
const sep = argv.indexOf("--");
if (sep < 0) fail(`no "--" before the modules\n${USAGE}`, 2);
const options = argv.slice(0, sep);
const modules = argv.slice(sep + 1).map((m) => {
  const eq = m.indexOf("=");
  if (eq <= 0 || eq === m.length - 1) fail(`${JSON.stringify(m)} is not OUT.wasm=ENTRY.ts\n${USAGE}`, 2);
  const [out, entry] = [m.slice(0, eq), m.slice(eq + 1)];
  if (!out.endsWith(".wasm") || !entry.endsWith(".ts")) fail(`${JSON.stringify(m)} is not OUT.wasm=ENTRY.ts\n${USAGE}`, 2);
  if (!existsSync(entry)) fail(`${entry}: no such file`);
  return { out, entry };
});
if (modules.length === 0) fail(`no modules after "--"\n${USAGE}`, 2);
if (options.some((o) => o === "-o" || o.startsWith("--outFile"))) fail("give each module's output as OUT.wasm=ENTRY.ts, not with -o", 2);

// What every module also depends on besides the files asc reads: the
// compiler's version and this script.
const TOOLS = [
  relative(".", fileURLToPath(new URL("../node_modules/assemblyscript/package.json", import.meta.url))),
  relative(".", fileURLToPath(import.meta.url)),
];
const optionLine = `# options: ${options.join(" ")}`;

// ---- freshness: each file it read older than its .deps ------------------------
const mtime = (f) => {
  try {
    return statSync(f).mtimeMs;
  } catch {
    return null;
  }
};
function recordedDeps(out) {
  try {
    const [first, ...files] = readFileSync(`${out}.deps`, "utf8")
      .split("\n")
      .filter((l) => l !== "");
    return first === optionLine ? files : null;
  } catch {
    return null;
  }
}
function fresh(out) {
  const files = recordedDeps(out);
  const stamp = mtime(`${out}.deps`);
  if (!files || stamp === null || mtime(out) === null) return false;
  return files.every((f) => {
    const t = mtime(f);
    return t !== null && t < stamp;
  });
}

// Writes through a temporary file and a rename: a reader never sees half.
function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

// ---- compile -------------------------------------------------------------------
const stale = modules.filter((m) => !(skipFresh && fresh(m.out)));
setFlagsFromString("--liftoff-only"); // before binaryen's wasm is compiled
const asc = stale.length ? await import("assemblyscript/asc") : null;

for (const m of stale) {
  process.stdout.write(`  ASC      ${m.out}\n`);
  const read = new Set();
  let binary = null;
  const { error } = await asc.main([m.entry, ...options, "-o", m.out], {
    stdout: process.stdout,
    stderr: process.stderr,
    readFile: async (name, baseDir) => {
      const path = resolve(baseDir, name);
      try {
        const text = await readFile(path, "utf8");
        read.add(relative(".", path));
        return text;
      } catch {
        return null; // asc tries name.ts, name/index.ts, ...: a miss is no error
      }
    },
    writeFile: async (name, contents, baseDir) => {
      if (resolve(baseDir, name) !== resolve(m.out)) fail(`asc wrote ${name}, not ${m.out}`);
      binary = contents;
    },
    listFiles: async () => [],
  });
  if (error) fail(`${m.entry}: asc failed (${error.message})`);
  if (!binary) fail(`${m.entry}: asc wrote no ${m.out}`);
  const old = existsSync(m.out) ? readFileSync(m.out) : null;
  if (!skipFresh || !old || !old.equals(Buffer.from(binary))) writeAtomic(m.out, binary);
  writeAtomic(`${m.out}.deps`, [optionLine, ...[...read].sort(), ...TOOLS, ""].join("\n"));
}

// ---- the make rule -------------------------------------------------------------
if (depfile) {
  const all = new Set();
  for (const m of modules) for (const f of recordedDeps(m.out) ?? []) all.add(f);
  const files = [...all].sort();
  writeAtomic(depfile, `${target}: ${files.join(" ")}\n${files.map((f) => `${f}:\n`).join("")}`);
}
