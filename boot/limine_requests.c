/* The Limine protocol's requests (base revision 2), for both architectures.
 * Limine finds them between the start and end markers and fills in the
 * response pointers before entering the kernel. The TS parser (boot/limine.ts)
 * reads this block from `limine_requests` on, so the order and sizes here are
 * a contract with it: base revision tag, then each request as
 * {id[4], revision, response, extra fields...}. IDs from Limine's PROTOCOL.md. */
#include <stdint.h>

#define COMMON 0xc7b1dd30df4c8b88ull, 0x0a82e883a194f07bull
#define REQUEST(a, b) {COMMON, a, b}, 0, 0

struct request { uint64_t id[4]; uint64_t revision; uint64_t response; };

struct limine_block {
  uint64_t base_revision[3];
  struct request bootloader_info, firmware_type, hhdm, memmap;
  struct request modules; uint64_t internal_module_count, internal_modules;
  struct request kernel_file, kernel_address, rsdp;
  struct request smp; uint64_t smp_flags;
  struct request dtb;
};

__attribute__((used, section(".limine_requests_start"), aligned(8)))
static volatile uint64_t start_marker[4] = {0xf6b8f4b39de7d1aeull, 0xfab91a6940fcb9cfull,
                                            0x785c6ed015d3e316ull, 0x181e920a7852b9d9ull};

__attribute__((used, section(".limine_requests"), aligned(8)))
volatile struct limine_block limine_requests = {
  .base_revision = {0xf9562b2d5c95a6c8ull, 0x6a7b384944536bdcull, 2},
  .bootloader_info = {REQUEST(0xf55038d8e2a1202full, 0x279426fcf5f59740ull)},
  .firmware_type = {REQUEST(0x8c2f75d90bef28a8ull, 0x7045a4688eac00c3ull)},
  .hhdm = {REQUEST(0x48dcf1cb8ad2b852ull, 0x63984e959a98244bull)},
  .memmap = {REQUEST(0x67cf3d9d378a806full, 0xe304acdfc50c3c62ull)},
  .modules = {REQUEST(0x3e7e279702be32afull, 0xca1c4f3bd1280ceeull)},
  .kernel_file = {REQUEST(0xad97e90e83f1ed67ull, 0x31eb5d1c5ff23b69ull)},
  .kernel_address = {REQUEST(0x71ba76863cc55f63ull, 0xb2644a48c516a487ull)},
  .rsdp = {REQUEST(0xc5e77b6b397e7b43ull, 0x27637845accdcf3cull)},
  .smp = {REQUEST(0x95a67b819a1b857eull, 0xa0b61b723b6a73e0ull)},
  .dtb = {REQUEST(0xb40ddb48fb54bac7ull, 0x545081493f81ffb7ull)},
};

__attribute__((used, section(".limine_requests_end"), aligned(8)))
static volatile uint64_t end_marker[2] = {0xadc0e0531bb10d03ull, 0x9572709f31764c62ull};
