// scripts/asc.js, asc for several modules in one process: the bytes of a
// process per module, the list of what each read, a module left alone while
// nothing it read changed (and its wasm file while its bytes do not), the
// make rule it writes, and bad command lines refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "nexus-asc-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const p = (name: string) => join(dir, name);
const rel = (name: string) => relative(ROOT, p(name));
// Its own config, or asc would read the kernel's asconfig.json in ROOT.
writeFileSync(p("asconfig.json"), '{ "options": { "runtime": "stub" } }\n');
const OPTS = ["--config", rel("asconfig.json"), "-O1"];

function ascJs(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts/asc.js"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
// Files dated by hand, seconds apart whatever the file system's resolution:
// sources long before what asc.js writes.
const NOW = Date.now() / 1000;
const date = (name: string, t: number) => utimesSync(p(name), t, t);
const write = (name: string, text: string, t = NOW - 1000) => {
  writeFileSync(p(name), text);
  date(name, t);
};

test("several modules: the bytes of asc run alone, what each read, and only what changed again", () => {
  write("lib.ts", "export function twice(x: i32): i32 { return x * 2; }\n");
  write("a.ts", 'import { twice } from "./lib";\nexport function a(x: i32): i32 { return twice(x) + 1; }\n');
  write("b.ts", "export function b(x: i32): i32 { return x - 1; }\n");
  const mods = [`${rel("out/a.wasm")}=${rel("a.ts")}`, `${rel("out/b.wasm")}=${rel("b.ts")}`];
  const first = ascJs("--skip-fresh", "--depfile", p("out/all.d"), "all.stamp", ...OPTS, "--", ...mods);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /ASC +\S*out\/a\.wasm\n.*ASC +\S*out\/b\.wasm/s);

  for (const m of ["a", "b"]) {
    const alone = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules/assemblyscript/bin/asc.js"), rel(`${m}.ts`), ...OPTS, "-o", rel(`alone-${m}.wasm`)],
      { cwd: ROOT },
    );
    assert.equal(alone.status, 0, String(alone.stderr));
    assert.deepEqual(readFileSync(p(`out/${m}.wasm`)), readFileSync(p(`alone-${m}.wasm`)), `${m}.wasm`);
  }
  const deps = readFileSync(p("out/a.wasm.deps"), "utf8").split("\n");
  assert.equal(deps[0], `# options: ${OPTS.join(" ")}`);
  for (const f of [rel("a.ts"), rel("lib.ts"), rel("asconfig.json"), "node_modules/assemblyscript/package.json", "scripts/asc.js"])
    assert.ok(deps.includes(f), `a.wasm.deps names ${f}`);
  assert.ok(!deps.includes(rel("b.ts")));
  const rule = readFileSync(p("out/all.d"), "utf8");
  assert.match(rule, new RegExp(`^all\\.stamp: .*${rel("lib.ts").replace(/\./g, "\\.")}`));
  assert.ok(rule.includes(`\n${rel("b.ts")}:\n`), "an empty rule per file");

  // Nothing changed: nothing compiled.
  assert.equal(ascJs("--skip-fresh", ...OPTS, "--", ...mods).out, "");
  // A comment in the file a imports: a compiles again, its wasm file is not
  // rewritten (the same bytes), and it is fresh afterwards.
  const before = statSync(p("out/a.wasm")).mtimeMs;
  date("out/a.wasm.deps", NOW - 500);
  date("out/b.wasm.deps", NOW - 500);
  write("lib.ts", "// twice\nexport function twice(x: i32): i32 { return x * 2; }\n", NOW - 400);
  assert.match(ascJs("--skip-fresh", ...OPTS, "--", ...mods).out, /out\/a\.wasm/);
  assert.equal(statSync(p("out/a.wasm")).mtimeMs, before);
  assert.equal(ascJs("--skip-fresh", ...OPTS, "--", ...mods).out, "");
  // Other options: compiled again. Without --skip-fresh (make decides):
  // compiled and written, whatever its bytes.
  assert.match(ascJs("--skip-fresh", "--config", rel("asconfig.json"), "-O0", "--", ...mods).out, /out\/b\.wasm/);
  date("out/b.wasm", NOW - 500);
  assert.match(ascJs("--config", rel("asconfig.json"), "-O0", "--", mods[1]).out, /out\/b\.wasm/);
  assert.ok(statSync(p("out/b.wasm")).mtimeMs > (NOW - 100) * 1000, "b.wasm written");
});

test("a compile error fails the run and names the module; bad command lines exit 2", () => {
  write("bad.ts", "export function f(): i32 { return undefinedName; }\n");
  const r = ascJs(...OPTS, "--", `${rel("out/bad.wasm")}=${rel("bad.ts")}`);
  assert.equal(r.code, 1);
  assert.match(r.err, /asc\.js: .*bad\.ts: asc failed/);
  for (const [args, message] of [
    [[...OPTS], /no "--" before the modules/],
    [[...OPTS, "--"], /no modules after "--"/],
    [["--", "x.wasm"], /"x\.wasm" is not OUT\.wasm=ENTRY\.ts/],
    [["--", "x.js=y.ts"], /is not OUT\.wasm=ENTRY\.ts/],
    [["-o", "z.wasm", "--", `${rel("out/b.wasm")}=${rel("b.ts")}`], /not with -o/],
    [["--depfile", "only-one", "--", "x"], /--depfile needs FILE and TARGET/],
  ] as [string[], RegExp][]) {
    const b = ascJs(...args);
    assert.equal(b.code, 2, `${args.join(" ")}: ${b.err}`);
    assert.match(b.err, message);
  }
  assert.equal(ascJs("--", `${rel("out/n.wasm")}=${rel("nope.ts")}`).code, 1);
});
