// Writes the initrds the QEMU trust tests boot: good.nxi and one variant per
// way of being bad (scripts/nexus/testvariants.ts says how each is made).
//
//   node --import tsx scripts/mk-initrd-variants.ts BUNDLE_DIR KEY OTHERKEY OUTDIR
//        [--version N (1)] [--rollback-version N (0)] [--victim NAME]
//
// BUNDLE_DIR holds signed *.nxb bundles (entries sorted by bundle name); KEY is
// the trusted secret key, OTHERKEY one the kernel does not trust.
import { join } from "node:path";
import { NexusError, UsageError } from "./nexus/bytes.ts";
import { parseArgs, one, positionals } from "./nexus/args.ts";
import { readInput, writeOutput, ensureDir, listDir } from "./nexus/files.ts";
import { readSecretKey } from "./nexus/keys.ts";
import { parseBundle } from "./nexus/bundle.ts";
import { parseVersion } from "./nexus/commands.ts";
import { makeVariants, VARIANTS } from "./nexus/testvariants.ts";

try {
  const cmd = "mk-initrd-variants";
  const p = parseArgs(cmd, process.argv.slice(2), {
    version: { value: true },
    "rollback-version": { value: true },
    victim: { value: true },
  });
  const [dir, keyPath, otherPath, outDir] = positionals(p, cmd, 4, 4, "BUNDLE_DIR KEY OTHERKEY OUTDIR");
  const bundles = listDir(dir, ".nxb")
    .map((path) => readInput(path))
    .map((bytes) => ({ bytes, name: parseBundle(bytes).manifest.name }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((x) => x.bytes);
  const variants = makeVariants({
    bundles,
    key: readSecretKey(keyPath),
    otherKey: readSecretKey(otherPath),
    version: parseVersion(one(p, cmd, "version") ?? "1"),
    rollbackVersion: parseVersion(one(p, cmd, "rollback-version") ?? "0"),
    victim: one(p, cmd, "victim"),
  });
  ensureDir(outDir);
  for (const v of VARIANTS) writeOutput(join(outDir, `${v}.nxi`), variants[v]);
  console.log(`wrote ${VARIANTS.map((v) => `${v}.nxi`).join(" ")} to ${outDir} (${bundles.length} bundles)`);
} catch (e) {
  if (!(e instanceof NexusError)) throw e;
  process.stderr.write(`mk-initrd-variants: ${e.message}\n`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
}
