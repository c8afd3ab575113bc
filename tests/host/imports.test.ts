// No import cycles among the kernel's modules: every TS module under kernel/,
// hal/, boot/, drivers/ and abi/, its relative imports and re-exports (the
// "~lib/..." and "builtins" modules are AssemblyScript's own), the graph's
// strongly connected components (Tarjan), and for each import inside a
// component the shortest cycle through it, as a path `a.ts -> b.ts -> a.ts`.
// A component is allowed only if one group of ALLOWED holds all its modules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const ROOTS = ["kernel", "hal", "boot", "drivers", "abi"];

interface AllowedGroup {
  why: string;
  modules: string[]; // paths from the repository root
}

// Modules that may import one another: back-pointers inside one data structure.
// By path: when these files move, their paths here move with them.
const ALLOWED: AllowedGroup[] = [
  {
    // A capability points back at its object (object.ts) and at the table it
    // sits in (table.ts); an object is told when a capability naming it goes
    // (capDeleted); the table stores capabilities and deletes through the
    // derivation tree (derivation.ts), which walks capabilities and objects.
    why: "the capability table: back-pointers between capabilities, their objects, their tables and the derivation tree",
    modules: ["kernel/cap/capability.ts", "kernel/cap/object.ts", "kernel/cap/table.ts", "kernel/cap/derivation.ts"],
  },
];

type Graph = Map<string, string[]>; // module -> the modules it imports, in source order

// The relative module names a source imports or re-exports from (comments and
// strings are not read: TypeScript's own scanner does the reading).
function relativeImports(source: string): string[] {
  return ts
    .preProcessFile(source, true, false)
    .importedFiles.map((f) => f.fileName)
    .filter((name) => name.startsWith("./") || name.startsWith("../"));
}

// How asc finds a relative import: NAME.ts, NAME itself if it ends in .ts, or NAME/index.ts.
function resolveImport(fromFile: string, name: string): string | null {
  const base = join(dirname(fromFile), name);
  for (const candidate of [`${base}.ts`, base, join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && existsSync(resolve(root, candidate)) && statSync(resolve(root, candidate)).isFile()) return candidate;
  }
  return null;
}

function tsFilesUnder(dir: string): string[] {
  if (!existsSync(resolve(root, dir))) return [];
  return readdirSync(resolve(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f))
    .sort();
}

// Every module under ROOTS and every module they import, wherever it is.
function moduleGraph(): { graph: Graph; unresolved: string[] } {
  const graph: Graph = new Map();
  const unresolved: string[] = [];
  const queue = ROOTS.flatMap(tsFilesUnder);
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (graph.has(file)) continue;
    const targets: string[] = [];
    for (const name of relativeImports(readFileSync(resolve(root, file), "utf8"))) {
      const target = resolveImport(file, name);
      if (target === null) unresolved.push(`${file}: "${name}"`);
      else if (!targets.includes(target)) targets.push(target);
    }
    graph.set(file, targets);
    queue.push(...targets);
  }
  return { graph, unresolved };
}

// Tarjan's strongly connected components; only those with a cycle (two or more
// modules, or one that imports itself), each sorted, in a stable order.
function cyclicComponents(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return found.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

// For each import u -> v inside the component, the shortest way from v back
// to u within it: the cycle u -> v -> ... -> u. Rotations of one cycle are one.
function cyclesIn(graph: Graph, component: string[]): string[][] {
  const inside = new Set(component);
  const cycles = new Map<string, string[]>();
  for (const u of component) {
    for (const v of (graph.get(u) ?? []).filter((m) => inside.has(m))) {
      const previous = new Map<string, string>([[v, v]]);
      const queue = [v];
      while (queue.length > 0 && !previous.has(u)) {
        const x = queue.shift()!;
        for (const y of graph.get(x) ?? []) {
          if (inside.has(y) && !previous.has(y)) {
            previous.set(y, x);
            queue.push(y);
          }
        }
      }
      const back = [u];
      for (let x = u; x !== v; x = previous.get(x)!) back.unshift(previous.get(x)!);
      const cycle = u === v ? [u] : [u, ...back.slice(0, -1)]; // u, v, ..., (u again when printed)
      const first = cycle.indexOf([...cycle].sort()[0]);
      const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
      cycles.set(rotated.join(" "), rotated);
    }
  }
  return [...cycles.values()].sort((a, b) => a.length - b.length || a.join(" ").localeCompare(b.join(" ")));
}

const asPath = (cycle: string[]): string => [...cycle, cycle[0]].join(" -> ");

// What the check reports: each component no allowed group holds, with its
// cycles; and each allowed module that no longer exists (the list is stale).
function problems(graph: Graph, allowed: AllowedGroup[]): string[] {
  const out: string[] = [];
  for (const component of cyclicComponents(graph)) {
    if (allowed.some((g) => component.every((m) => g.modules.includes(m)))) continue;
    out.push(`import cycle among ${component.length} module(s): ${component.join(", ")}`);
    for (const cycle of cyclesIn(graph, component)) out.push(`  ${asPath(cycle)}`);
  }
  for (const g of allowed) {
    for (const m of g.modules) if (!graph.has(m)) out.push(`allowed group names ${m}, which is not a module here any more`);
  }
  return out;
}

test("imports: relative imports and re-exports are read, comments, strings and AssemblyScript's library are not", () => {
  const source = [
    'import { a } from "./a";',
    'import {\n  b,\n} from "../b";',
    'export * from "./c";',
    'export { d } from "./d";',
    'import "./e";',
    'import * as f from "./f";',
    'import "~lib/rt/tlsf";',
    'import { nearest } from "builtins";',
    '// import { g } from "./g";',
    'const s = "import { h } from \\"./h\\"";',
    "@inline export const X: u32 = 1;",
  ].join("\n");
  assert.deepEqual(relativeImports(source), ["./a", "../b", "./c", "./d", "./e", "./f"]);
  assert.equal(resolveImport("kernel/cap/table.ts", "./capability"), "kernel/cap/capability.ts");
  assert.equal(resolveImport("hal/x86_64/entry.ts", "../../boot/bootinfo"), "boot/bootinfo.ts");
  assert.equal(resolveImport("kernel/heap/gc.ts", "./rt"), "kernel/heap/rt/index.ts");
  assert.equal(resolveImport("kernel/heap/gc.ts", "./nothing-here"), null);
});

test("imports: the cycle finder on a small graph", () => {
  const graph: Graph = new Map([
    ["a.ts", ["b.ts"]],
    ["b.ts", ["c.ts"]],
    ["c.ts", ["a.ts", "d.ts", "b.ts"]],
    ["d.ts", ["e.ts"]],
    ["e.ts", ["d.ts", "z.ts"]],
    ["f.ts", ["f.ts"]],
    ["g.ts", ["a.ts"]],
    ["z.ts", []],
  ]);
  assert.deepEqual(cyclicComponents(graph), [["a.ts", "b.ts", "c.ts"], ["d.ts", "e.ts"], ["f.ts"]]);
  assert.deepEqual(cyclesIn(graph, ["a.ts", "b.ts", "c.ts"]).map(asPath), ["b.ts -> c.ts -> b.ts", "a.ts -> b.ts -> c.ts -> a.ts"]);
  assert.deepEqual(cyclesIn(graph, ["f.ts"]).map(asPath), ["f.ts -> f.ts"]);
  assert.deepEqual(
    cyclicComponents(
      new Map([
        ["x.ts", ["y.ts"]],
        ["y.ts", []],
      ]),
    ),
    [],
  );

  const group = (...modules: string[]): AllowedGroup => ({ why: "test", modules });
  assert.deepEqual(problems(graph, [group("d.ts", "e.ts"), group("a.ts", "b.ts", "c.ts", "z.ts")]), [
    "import cycle among 1 module(s): f.ts",
    "  f.ts -> f.ts",
  ]);
  // A group must hold the whole component, and its modules must exist.
  assert.deepEqual(problems(graph, [group("d.ts"), group("f.ts", "gone.ts")]), [
    "import cycle among 3 module(s): a.ts, b.ts, c.ts",
    "  b.ts -> c.ts -> b.ts",
    "  a.ts -> b.ts -> c.ts -> a.ts",
    "import cycle among 2 module(s): d.ts, e.ts",
    "  d.ts -> e.ts -> d.ts",
    "allowed group names gone.ts, which is not a module here any more",
  ]);
});

test("imports: the kernel's module graph is read whole", () => {
  const { graph, unresolved } = moduleGraph();
  assert.deepEqual(unresolved, [], "every relative import names a module");
  for (const m of [
    "kernel/main.ts",
    "hal/memory.ts",
    "hal/x86_64/entry.ts",
    "hal/riscv64/entry.ts",
    "boot/limine.ts",
    "drivers/uart/uart.ts",
    "abi/syscalls.ts",
  ]) {
    assert.ok(graph.has(m), `${m} is in the graph`);
  }
  assert.ok(graph.get("hal/x86_64/entry.ts")!.includes("boot/bootinfo.ts"));
  assert.ok(graph.size >= 90, `${graph.size} modules`);
});

test("imports: no import cycles among kernel, hal, boot and drivers modules but the allowed groups", (t) => {
  const found = problems(moduleGraph().graph, ALLOWED);
  for (const line of found) t.diagnostic(line);
  assert.deepEqual(found, [], `\n${found.join("\n")}\n`);
});
