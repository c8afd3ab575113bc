// Usage text for `nexus --help` and each `nexus CMD --help`.
export const HELP: Record<string, string> = {
  keygen: `usage: nexus keygen --out PATH [--force]
  Writes an Ed25519 secret key (32-byte seed, hex) to PATH with mode 0600 and
  its public key to PATH.pub. Refuses to replace either unless --force.`,
  pack: `usage: nexus pack FILE --manifest M.json -o OUT_DIR
       nexus pack FILE --name NAME --kind cell|file --arch any|x86_64|riscv64 [--cap CAP]... -o OUT_DIR
  Writes the unsigned bundle OUT_DIR/<cid>.nxb holding FILE and prints its
  content ID. M.json is {"name", "kind", "arch", "caps": [...]} (docs/formats.md).
  A cell's payload must be an ELF (for that machine unless --arch any).`,
  sign: `usage: nexus sign BUNDLE --key SECRET_KEY [-o OUT]
  Adds or replaces BUNDLE's signature trailer (in place unless -o). The
  content ID does not change.`,
  verify: `usage: nexus verify BUNDLE --pub PUBKEY [--pub PUBKEY]...
  Checks BUNDLE's structure, its content ID against a <cid>.nxb file name, and
  its signature against the given public keys. Prints
  "ok <cid> <name> signed by <keyid>", or fails with the reason: unsigned,
  unknown key, bad signature, corrupt: what.`,
  inspect: `usage: nexus inspect FILE [--json] [--pub PUBKEY]...
  Describes a bundle, an initrd or a kernel ELF (with its measurement). For an
  initrd, each bundle's status is judged as the kernel would; without --pub any
  key whose signature verifies counts as trusted.`,
  initrd: `usage: nexus initrd BUNDLE... --key SECRET_KEY --version N -o OUT.nxi
       nexus initrd --dir DIR --key SECRET_KEY --version N -o OUT.nxi
  Writes the boot module: a manifest (version N, entries in the order given,
  or for --dir every *.nxb in DIR sorted by bundle name) signed with the key,
  then the bundles. Every bundle must be signed. Same inputs, same bytes.`,
  measure: `usage: nexus measure KERNEL.elf
  Prints the kernel's measurement: BLAKE3 of .text then .rodata (ELF64 LE).`,
  ledger: `usage: nexus ledger verify LOG
  Recomputes every ledger chain in a serial log: the LEDGER lines (a seq 0
  line starts a new chain, one per boot) and the "ledger: N entries, head H"
  lines. Prints "ledger: N entries verified, head H" per chain, or fails with
  the line number of the first problem.`,
};

export const USAGE = `usage: nexus COMMAND [ARGS...]   (nexus COMMAND --help for more)

commands:
  keygen    make an Ed25519 signing key pair
  pack      make an unsigned bundle from a file
  sign      sign a bundle
  verify    check a bundle's structure and signature
  inspect   describe a bundle, an initrd or a kernel ELF
  initrd    make the signed boot module from bundles
  measure   print a kernel ELF's measurement
  ledger    verify the ledger chains in a serial log

Formats: docs/formats.md.`;
