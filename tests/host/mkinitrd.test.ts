// scripts/mkinitrd.ts, the build's one-process initrd maker: the same bytes as
// `nexus pack`, `nexus sign` and `nexus initrd --dir` one after another, the
// bundles it keeps, and a clear refusal of each bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../scripts/nexus.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "nexus-mkinitrd-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const p = (name: string) => join(dir, name);

function mkinitrd(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts/mkinitrd.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status ?? -1, err: r.stderr };
}
// The CLI's steps, in this process, quietly.
function nexus(...args: string[]): string {
  let out = "";
  const o = process.stdout.write;
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof o;
  try {
    assert.equal(main(args), 0, `nexus ${args.join(" ")}`);
  } finally {
    process.stdout.write = o;
  }
  return out.trim();
}
// Enough of an ELF header for pack: the magic and e_machine (62, x86_64).
function elf(fill: number): Uint8Array {
  const b = new Uint8Array(256).fill(fill);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  b[18] = 62;
  b[19] = 0;
  return b;
}

test("the same initrd as nexus pack, sign and initrd --dir", () => {
  nexus("keygen", "--out", p("key"));
  writeFileSync(p("b.elf"), elf(0xbb));
  writeFileSync(p("a.elf"), elf(0xaa));
  writeFileSync(p("motd"), "hello\n");
  mkdirSync(p("cli"));
  for (const [file, name, kind, arch] of [
    ["b.elf", "zeta", "cell", "x86_64"],
    ["a.elf", "alpha", "cell", "x86_64"],
    ["motd", "motd", "file", "any"],
  ]) {
    const cid = nexus("pack", p(file), "--name", name, "--kind", kind, "--arch", arch, "-o", p("cli"));
    nexus("sign", p(`cli/${cid}.nxb`), "--key", p("key"));
  }
  nexus("initrd", "--dir", p("cli"), "--key", p("key"), "--version", "7", "-o", p("cli.nxi"));

  const r = mkinitrd(
    p("key"),
    "7",
    p("out/one.nxi"),
    "--bundles",
    p("kept"),
    "--arch",
    "x86_64",
    "--cell",
    `zeta=${p("b.elf")}`,
    "--cell",
    `alpha=${p("a.elf")}`,
    p("motd"),
  );
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(readFileSync(p("out/one.nxi")), readFileSync(p("cli.nxi")));
  assert.deepEqual(readdirSync(p("kept")).sort(), readdirSync(p("cli")).sort());
  for (const f of readdirSync(p("cli"))) assert.deepEqual(readFileSync(p(`kept/${f}`)), readFileSync(p(`cli/${f}`)), f);
});

test("bad input: one mkinitrd line, exit 2 for the command line, 1 for the data", () => {
  writeFileSync(p("c.elf"), elf(0xcc));
  const cases: [string[], number, RegExp][] = [
    [[], 2, /missing KEY, VERSION or OUT\.nxi/],
    [[p("key"), "1", p("x.nxi"), "--cell", "noequals"], 2, /--cell noequals is not NAME=ELF/],
    [[p("key"), "1", p("x.nxi"), "--cell", `c=${p("c.elf")}`], 2, /--cell needs --arch/],
    [[p("key"), "1", p("x.nxi"), "--frob"], 2, /unknown option --frob/],
    [[p("key"), "one", p("x.nxi")], 2, /VERSION "one" is not a decimal number/],
    [[p("key"), "1", p("x.nxi"), "--arch", "x86_64", "--cell", `c=${p("nope.elf")}`], 1, /nope\.elf: no such file/],
    [
      [p("key"), "1", p("x.nxi"), "--arch", "riscv64", "--cell", `c=${p("c.elf")}`],
      1,
      /c\.elf: payload is an ELF for machine 62, not riscv64/,
    ],
    [[p("key"), "1", p("x.nxi"), "--arch", "x86_64", "--cell", `Bad=${p("c.elf")}`], 1, /name "Bad" is not/],
    [
      [p("key"), "1", p("x.nxi"), "--arch", "x86_64", "--cell", `c=${p("c.elf")}`, "--cell", `c=${p("a.elf")}`],
      1,
      /two bundles are named c/,
    ],
    [[p("nokey"), "1", p("x.nxi"), p("motd")], 1, /secret key .*nokey: no such file/],
  ];
  for (const [args, code, message] of cases) {
    const r = mkinitrd(...args);
    assert.equal(r.code, code, `${args.join(" ")}: ${r.err}`);
    assert.match(r.err, /^mkinitrd: [^\n]*\n/, "starts with one mkinitrd: line");
    assert.doesNotMatch(r.err, /\n\s+at /, "no stack trace");
    assert.match(r.err, message);
  }
});
