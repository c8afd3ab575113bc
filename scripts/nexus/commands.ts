// One function per subcommand: parse its options, do it, print the result.
import { basename, join } from "node:path";
import { FormatError, NexusError, UsageError, toHex, MiB } from "./bytes.ts";
import { parseArgs, one, positionals, type OptionSpec } from "./args.ts";
import { readInput, readText, writeOutput, ensureDir, listDir } from "./files.ts";
import { keygen, keyId, readSecretKey, readPublicKey, TRAILER_SIZE } from "./keys.ts";
import { type CellManifest, type Kind, type Arch, manifestFromJson, checkManifest } from "./manifest.ts";
import { BODY_MAX, PAYLOAD_MAX, pack, parseBundle, signBundle, bundleSignature } from "./bundle.ts";
import { INITRD_MAX, initrdFromBundles } from "./initrd.ts";
import { measure } from "./measure.ts";
import { verifyLedger } from "./ledger.ts";
import { inspect } from "./inspect.ts";
import { HELP } from "./help.ts";

const say = (line: string) => process.stdout.write(line + "\n");
const BUNDLE_FILE_MAX = BODY_MAX + TRAILER_SIZE;

function opts(cmd: string, argv: string[], spec: Record<string, OptionSpec>) {
  const p = parseArgs(cmd, argv, { ...spec, help: {} });
  return p.flags.has("help") ? null : p;
}

// A bundle file, parsed; a structural fault is "PATH: corrupt: what".
function loadBundle(path: string) {
  const bytes = readInput(path, BUNDLE_FILE_MAX);
  try {
    return { bytes, b: parseBundle(bytes, "bundle") };
  } catch (e) {
    if (e instanceof FormatError) throw new NexusError(`${path}: ${e.reason}: ${e.message}`);
    throw e;
  }
}

export function parseVersion(text: string): bigint {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text) || BigInt(text) >= 1n << 64n) {
    throw new UsageError(`--version ${JSON.stringify(text)} is not a decimal number from 0 to 2^64-1`);
  }
  return BigInt(text);
}

function cmdKeygen(argv: string[]): number {
  const p = opts("keygen", argv, { out: { value: true, short: "o" }, force: {} });
  if (!p) return (say(HELP.keygen), 0);
  positionals(p, "keygen", 0, 0, "");
  const path = one(p, "keygen", "out", true);
  const key = keygen(path, p.flags.has("force"));
  say(`wrote ${path} and ${path}.pub: key id ${keyId(key.pub)}`);
  return 0;
}

function cmdPack(argv: string[]): number {
  const p = opts("pack", argv, {
    manifest: { value: true },
    out: { value: true, short: "o" },
    name: { value: true },
    kind: { value: true },
    arch: { value: true },
    cap: { value: true, repeat: true },
  });
  if (!p) return (say(HELP.pack), 0);
  const [file] = positionals(p, "pack", 1, 1, "FILE (the payload)");
  const outDir = one(p, "pack", "out", true);
  const inline = ["name", "kind", "arch", "cap"].filter((k) => p.values.has(k));
  let m: CellManifest;
  const manifestPath = one(p, "pack", "manifest");
  if (manifestPath !== undefined) {
    if (inline.length) throw new UsageError(`pack: give either --manifest or --name/--kind/--arch/--cap, not both`);
    m = manifestFromJson(readText(manifestPath), manifestPath);
  } else {
    if (!inline.length) throw new UsageError("pack: give --manifest FILE or --name, --kind and --arch");
    m = {
      name: one(p, "pack", "name", true),
      kind: one(p, "pack", "kind", true) as Kind,
      arch: one(p, "pack", "arch", true) as Arch,
      caps: p.values.get("cap") ?? [],
    };
    checkManifest(m);
  }
  const payload = readInput(file, PAYLOAD_MAX);
  const bundle = pack(payload, m);
  const cid = toHex(parseBundle(bundle).cid);
  ensureDir(outDir);
  writeOutput(join(outDir, `${cid}.nxb`), bundle);
  say(cid);
  return 0;
}

function cmdSign(argv: string[]): number {
  const p = opts("sign", argv, { key: { value: true }, out: { value: true, short: "o" } });
  if (!p) return (say(HELP.sign), 0);
  const [path] = positionals(p, "sign", 1, 1, "BUNDLE");
  const key = readSecretKey(one(p, "sign", "key", true));
  const { bytes, b } = loadBundle(path);
  writeOutput(one(p, "sign", "out") ?? path, signBundle(bytes, key));
  say(`signed ${toHex(b.cid)} ${b.manifest.name} by ${keyId(key.pub)}`);
  return 0;
}

function cmdVerify(argv: string[]): number {
  const p = opts("verify", argv, { pub: { value: true, repeat: true } });
  if (!p) return (say(HELP.verify), 0);
  const [path] = positionals(p, "verify", 1, 1, "BUNDLE");
  const pubs = p.values.get("pub");
  if (!pubs) throw new UsageError("verify: --pub is required (at least one trusted public key)");
  const trusted = pubs.map(readPublicKey);
  const { b } = loadBundle(path);
  const cid = toHex(b.cid);
  const named = /^([0-9a-f]{64})\.nxb$/.exec(basename(path));
  if (named && named[1] !== cid) throw new NexusError(`${path}: corrupt: content ID is ${cid}, not the one in the file name`);
  const status = bundleSignature(b, trusted);
  const signer = b.trailer ? keyId(b.trailer.pub) : "";
  if (status === "unsigned") throw new NexusError(`${path}: unsigned`);
  if (status === "unknown-key") throw new NexusError(`${path}: unknown key ${signer}`);
  if (status === "bad-signature") throw new NexusError(`${path}: bad signature (by key ${signer})`);
  say(`ok ${cid} ${b.manifest.name} signed by ${signer}`);
  return 0;
}

function cmdInspect(argv: string[]): number {
  const p = opts("inspect", argv, { json: {}, pub: { value: true, repeat: true } });
  if (!p) return (say(HELP.inspect), 0);
  const [path] = positionals(p, "inspect", 1, 1, "FILE");
  const trusted = p.values.get("pub")?.map(readPublicKey);
  say(inspect(path, readInput(path, INITRD_MAX), p.flags.has("json"), trusted));
  return 0;
}

function cmdInitrd(argv: string[]): number {
  const p = opts("initrd", argv, {
    key: { value: true },
    version: { value: true },
    out: { value: true, short: "o" },
    dir: { value: true },
  });
  if (!p) return (say(HELP.initrd), 0);
  const dir = one(p, "initrd", "dir");
  if (dir !== undefined && p.positionals.length) throw new UsageError("initrd: give bundles or --dir, not both");
  if (dir === undefined && !p.positionals.length) throw new UsageError("initrd: missing BUNDLE... (or --dir DIR)");
  const key = readSecretKey(one(p, "initrd", "key", true));
  const version = parseVersion(one(p, "initrd", "version", true));
  const out = one(p, "initrd", "out", true);
  let files = (dir !== undefined ? listDir(dir, ".nxb") : p.positionals).map((path) => ({ path, ...loadBundle(path) }));
  if (dir !== undefined) files.sort((x, y) => (x.b.manifest.name < y.b.manifest.name ? -1 : x.b.manifest.name > y.b.manifest.name ? 1 : 0));
  for (const f of files) {
    const s = bundleSignature(f.b);
    if (s !== "ok")
      throw new NexusError(`${f.path}: ${s === "unsigned" ? "unsigned" : "bad signature"}: the kernel would refuse it; sign it first`);
  }
  const image = initrdFromBundles(
    files.map((f) => ({ path: f.path, bytes: f.bytes })),
    version,
    key,
  );
  writeOutput(out, image);
  say(`wrote ${out}: ${files.length} bundles, version ${version}, signed by ${keyId(key.pub)}`);
  return 0;
}

function cmdMeasure(argv: string[]): number {
  const p = opts("measure", argv, {});
  if (!p) return (say(HELP.measure), 0);
  const [path] = positionals(p, "measure", 1, 1, "KERNEL.elf");
  try {
    say(toHex(measure(readInput(path, 1024 * MiB), path).hash));
  } catch (e) {
    if (e instanceof FormatError) throw new NexusError(e.message);
    throw e;
  }
  return 0;
}

function cmdLedger(argv: string[]): number {
  if (argv[0] !== "verify") {
    const p = opts("ledger", argv, {});
    if (!p) return (say(HELP.ledger), 0);
    throw new UsageError(argv.length ? `ledger: unknown subcommand ${argv[0]} (only: verify)` : "ledger: missing subcommand (verify)");
  }
  const p = opts("ledger verify", argv.slice(1), {});
  if (!p) return (say(HELP.ledger), 0);
  const [path] = positionals(p, "ledger verify", 1, 1, "LOG");
  let chains;
  try {
    chains = verifyLedger(readText(path));
  } catch (e) {
    if (e instanceof NexusError && !(e instanceof UsageError) && !e.message.startsWith(path)) throw new NexusError(`${path}: ${e.message}`);
    throw e;
  }
  for (const c of chains) say(`ledger: ${c.entries} entries verified, head ${c.head}`);
  return 0;
}

export const COMMANDS: Record<string, (argv: string[]) => number> = {
  keygen: cmdKeygen,
  pack: cmdPack,
  sign: cmdSign,
  verify: cmdVerify,
  inspect: cmdInspect,
  initrd: cmdInitrd,
  measure: cmdMeasure,
  ledger: cmdLedger,
};
