// mkinitrd.ts: the boot module, made in one Node process.
//
//   node --import tsx scripts/mkinitrd.ts KEY VERSION OUT.nxi [--bundles DIR] [--arch ARCH] [--cell NAME=ELF]... FILE...
//
// Each --cell ELF becomes a bundle of kind cell for ARCH named NAME, each FILE
// one of kind file for any arch named after the file; each is signed with KEY,
// and the initrd lists them, sorted by name, in a manifest signed with KEY at
// VERSION (docs/formats.md). The bytes are those `nexus pack`, `nexus sign` and
// `nexus initrd --dir` give, through the same functions of scripts/nexus/,
// without a process per bundle and step. With --bundles the signed bundles are
// kept in DIR as <cid>.nxb (what was there before is removed), where
// scripts/mk-initrd-variants.ts reads them.
import { rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { NexusError, UsageError, toHex } from "./nexus/bytes.ts";
import { readInput, writeOutput, ensureDir } from "./nexus/files.ts";
import { readSecretKey } from "./nexus/keys.ts";
import { type Arch, type CellManifest, checkManifest } from "./nexus/manifest.ts";
import { PAYLOAD_MAX, pack, parseBundle, signBundle } from "./nexus/bundle.ts";
import { initrdFromBundles } from "./nexus/initrd.ts";
import { parseVersion } from "./nexus/commands.ts";

const USAGE = "usage: mkinitrd.ts KEY VERSION OUT.nxi [--bundles DIR] [--arch ARCH] [--cell NAME=ELF]... FILE...";

function parse(argv: string[]) {
  const o = { bundles: "", arch: "", cells: [] as { name: string; elf: string }[], positionals: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--bundles") o.bundles = value();
    else if (a === "--arch") o.arch = value();
    else if (a === "--cell") {
      const c = value(),
        eq = c.indexOf("=");
      if (eq <= 0 || eq === c.length - 1) throw new UsageError(`--cell ${c} is not NAME=ELF`);
      o.cells.push({ name: c.slice(0, eq), elf: c.slice(eq + 1) });
    } else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else o.positionals.push(a);
  }
  if (o.positionals.length < 3) throw new UsageError("missing KEY, VERSION or OUT.nxi");
  if (o.cells.length && !o.arch) throw new UsageError("--cell needs --arch");
  return o;
}

try {
  const o = parse(process.argv.slice(2));
  const [keyPath, versionText, out, ...files] = o.positionals;
  const key = readSecretKey(keyPath);
  let version: bigint;
  try {
    version = parseVersion(versionText);
  } catch (e) {
    throw e instanceof UsageError ? new UsageError(e.message.replace(/^--version/, "VERSION")) : e;
  }
  const bundles: { name: string; bytes: Uint8Array }[] = [];
  const add = (path: string, m: CellManifest) => {
    checkManifest(m);
    const payload = readInput(path, PAYLOAD_MAX);
    try {
      bundles.push({ name: m.name, bytes: signBundle(pack(payload, m), key) });
    } catch (e) {
      if (e instanceof NexusError) throw new NexusError(`${path}: ${e.message}`);
      throw e;
    }
  };
  for (const c of o.cells) add(c.elf, { name: c.name, kind: "cell", arch: o.arch as Arch, caps: [] });
  for (const f of files) add(f, { name: basename(f), kind: "file", arch: "any", caps: [] });
  bundles.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  if (o.bundles) {
    rmSync(o.bundles, { recursive: true, force: true });
    ensureDir(o.bundles);
    for (const b of bundles) writeOutput(join(o.bundles, `${toHex(parseBundle(b.bytes).cid)}.nxb`), b.bytes);
  }
  const image = initrdFromBundles(
    bundles.map((b) => ({ path: b.name, bytes: b.bytes })),
    version,
    key,
  );
  ensureDir(dirname(out));
  writeOutput(out, image);
} catch (e) {
  if (!(e instanceof NexusError)) throw e;
  process.stderr.write(`mkinitrd: ${e.message}${e instanceof UsageError ? `\n${USAGE}` : ""}\n`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
}
