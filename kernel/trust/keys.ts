// What the build fixed for verified boot (module "trust", hal/common/trust.c
// with the generated trust_keys.c, scripts/gen-trust-keys.sh): the Ed25519
// public keys the kernel trusts and the oldest initrd manifest version it
// accepts. Policy, not hardware: it sits here, not in the HAL.
// Copies key i (32 bytes) to `dst` and returns 1, or returns 0 past the last.
@external("trust", "trusted_key") export declare function trustedKey(i: u32, dst: usize): u32;
// The lowest initrd manifest version the kernel accepts (no rollback).
@external("trust", "initrd_min_version") export declare function initrdMinVersion(): u64;
