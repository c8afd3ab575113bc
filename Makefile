# Nexus build: TS --asc--> wasm --wasm2c--> C --clang--> objects --ld.lld--> kernel.elf
# --> boot images. Read top to bottom; scripts/ holds the steps too long for a rule.
#
#   make [ARCH=x86_64|riscv64] [KTEST=1]   kernel and release images
#   make images                            the release images of both architectures at once
#   make cells [ARCH=...]                  the user programs alone (build/<arch>/cells/*.elf)
#   make test-initrd [ARCH=...]            the initrd the QEMU cases boot (build/<arch>/test/)
#   make run [ARCH=...]                    boot in QEMU, serial on this terminal
#   make test                              every test: types, host, then QEMU on both architectures
#   make typecheck | format | format-check tsc over the host TS; Prettier rewrites or checks
#   make bench                             build, boot-time and crypto figures (bench/results.json)
#   make hosted                            the crypto benchmarks for Linux (build/hosted/)
#
# What goes where: build/<arch>/ the kernel and the release images (kernel.elf,
# Image, the ISOs, the SD image, initrd.nxi with the system cells and
# programs), build/<arch>/test/ the test initrd (every cell), build/<arch>-ktest/
# the in-kernel test flavour, build/cells/ each cell's wasm and C (the same for
# both architectures), build/trust/ the initrds of the verified-boot cases.

ARCH ?= x86_64
KTEST ?= 0
ifeq ($(filter $(ARCH),x86_64 riscv64),)
$(error ARCH must be x86_64 or riscv64, not '$(ARCH)')
endif

# As many jobs at once as there are CPUs, unless the command line says
# otherwise (make -j1: one at a time); a sub-make shares its parent's jobs.
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(shell nproc)
endif

BUILD := build/$(ARCH)$(if $(filter 1,$(KTEST)),-ktest)
GEN := $(BUILD)/gen
Q := @
STAMP_TOOLS := build/.tools-checked
STAMP_DEPS := build/.deps-installed

# ---- sources -----------------------------------------------------------------
TS_SRCS := $(shell find abi kernel drivers boot hal -name '*.ts' 2>/dev/null) asconfig.json
# The TS files whose integer constants C and assembly use too: the generated
# header (scripts/gen-constants.ts) is their only C copy.
CONST_SRCS := $(sort $(wildcard abi/*.ts)) boot/protocol.ts kernel/cpu/cpu.ts drivers/uart/uart.ts
CONSTANTS_H := build/gen/constants.h
C_SRCS := $(wildcard hal/common/*.c hal/$(ARCH)/*.c boot/*.c boot/$(ARCH)/*.c)
S_SRCS := $(wildcard hal/$(ARCH)/*.S boot/$(ARCH)/*.S)
OBJS := $(GEN)/kernel.o $(GEN)/trust_keys.o $(patsubst %,$(BUILD)/obj/%.o,$(C_SRCS) $(S_SRCS))
HDRS := $(wildcard hal/common/*.h hal/common/include/*.h hal/$(ARCH)/*.h)

# ---- tools -------------------------------------------------------------------
ASC := node scripts/asc.js
CC := clang
LD := ld.lld
CFLAGS_COMMON := -std=c11 -O2 -ffreestanding -nostdlibinc -isystem hal/common/include \
  -I hal/common -I $(GEN) -I $(dir $(CONSTANTS_H)) -fno-stack-protector -fno-asynchronous-unwind-tables \
  -fno-omit-frame-pointer -fno-pic -fno-pie -ffile-prefix-map=$(CURDIR)=. \
  -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0 -DKTEST=$(KTEST)
CFLAGS_x86_64 := --target=x86_64-unknown-none-elf -march=x86-64 -mcmodel=kernel -mno-red-zone
CFLAGS_riscv64 := --target=riscv64-unknown-elf -march=rv64gc -mabi=lp64d -mcmodel=medany -mno-relax
CFLAGS := $(CFLAGS_COMMON) $(CFLAGS_$(ARCH))
WARN := -Wall -Wextra -Werror
LDFLAGS := -nostdlib -static -z max-page-size=4096 --build-id=none --no-dynamic-linker

# ---- signing ------------------------------------------------------------------
# The build signs the initrd with NEXUS_SIGNING_KEY (a release key: a file
# written by `nexus keygen`, its public half beside it as KEY.pub), or else
# with a development key made on the first build and kept out of git. The
# kernel trusts that key's public half (and any .pub in NEXUS_TRUSTED_KEYS),
# and refuses initrd manifests older than INITRD_MIN_VERSION.
DEV_KEY := .nexus-dev-key
SIGNING_KEY := $(or $(NEXUS_SIGNING_KEY),$(DEV_KEY))
INITRD_VERSION ?= 1
INITRD_MIN_VERSION ?= 1
INITRD_FILES := $(sort $(wildcard boot/initrd/*))

.PHONY: all kernel cells test-initrd run test test-host test-qemu bench hosted clean deps check-tools sdcard iso trust-cases FORCE
.DELETE_ON_ERROR:

IMAGES_x86_64 := $(BUILD)/kernel.elf $(BUILD)/initrd.nxi $(BUILD)/nexus-grub.iso $(BUILD)/nexus.iso
IMAGES_riscv64 := $(BUILD)/kernel.elf $(BUILD)/initrd.nxi $(BUILD)/Image $(BUILD)/nexus-sd.img
LIMINE_DIR_FOUND := $(shell scripts/find-limine.sh 2>/dev/null)
ifneq ($(LIMINE_DIR_FOUND),)
IMAGES_x86_64 += $(BUILD)/nexus-limine.iso
IMAGES_riscv64 += $(BUILD)/nexus-limine.iso
endif

all: $(IMAGES_$(ARCH))
kernel: $(BUILD)/kernel.elf

# ---- environment: install what is missing, check pinned versions ------------
$(STAMP_DEPS): scripts/ensure-deps.sh package.json package-lock.json
	$(Q)scripts/ensure-deps.sh
	$(Q)mkdir -p build && touch $@
deps: $(STAMP_DEPS)

$(STAMP_TOOLS): scripts/check-tools.sh $(STAMP_DEPS)
	$(Q)scripts/check-tools.sh
	$(Q)touch $@
check-tools: $(STAMP_TOOLS)

$(DEV_KEY): | $(STAMP_DEPS)
	@echo "  KEYGEN   $@ (development signing key, kept out of git; NEXUS_SIGNING_KEY names a release key)"
	$(Q)node --import tsx scripts/nexus.ts keygen --out $@ >/dev/null
$(SIGNING_KEY).pub: $(SIGNING_KEY)
	@test -f $@ || { echo "make: $@ is missing: the signing key's public half must sit beside it" >&2; exit 1; }

# Which key signs, which keys are trusted and the versions, in a file whose
# content changes only when they do: switching keys rebuilds what they sign.
SIGNING_STAMP := $(BUILD)/signing.stamp
$(SIGNING_STAMP): $(SIGNING_KEY).pub $(NEXUS_TRUSTED_KEYS) FORCE
	$(Q)mkdir -p $(BUILD)
	$(Q){ cat $(SIGNING_KEY).pub $(NEXUS_TRUSTED_KEYS); echo "version $(INITRD_VERSION) minimum $(INITRD_MIN_VERSION)"; } > $@.new
	$(Q)cmp -s $@.new $@ && rm $@.new || mv $@.new $@
FORCE:

# ---- 1-3. TypeScript -> wasm -> C -> kernel.o ----------------------------------
# asc compiles hal/<arch>/entry.ts and everything it imports (scripts/asc.js:
# asc's own API, on V8's quicker start-up tier; it also writes a make rule
# naming every file asc read), wasm2c turns the wasm into C, clang compiles
# that. One rule, so one job: as three rules, make would start wasm2c and then
# clang (the longest step of the build) only when its walk through the
# targets next came back to them, after every cell job ready by then (3 s
# late in a clean riscv64 build).
# kernel.h (the TS kernel's imports and exports) is replaced only when it
# changes, so editing a TS function body recompiles kernel.c and nothing else.
$(BUILD)/kernel.wasm $(GEN)/kernel.c $(GEN)/kernel.o &: $(TS_SRCS) $(STAMP_TOOLS) scripts/asc.js
	$(Q)$(ASC) --depfile $(BUILD)/kernel.d $(BUILD)/kernel.wasm --config asconfig.json --target $(ARCH) --use KTEST=$(KTEST) -- $(BUILD)/kernel.wasm=hal/$(ARCH)/entry.ts
	@echo "  WASM2C   $(GEN)/kernel.c"
	$(Q)mkdir -p $(GEN)/new
	$(Q)cmp -s /usr/include/wasm-rt.h $(GEN)/wasm-rt.h || cp /usr/include/wasm-rt.h $(GEN)/wasm-rt.h
	$(Q)wasm2c $(BUILD)/kernel.wasm -o $(GEN)/new/kernel.c -n kernel
	$(Q)cmp -s $(GEN)/new/kernel.h $(GEN)/kernel.h || cp $(GEN)/new/kernel.h $(GEN)/kernel.h
	$(Q)mv $(GEN)/new/kernel.c $(GEN)/kernel.c
	@echo "  CC       $(GEN)/kernel.o"
	$(Q)$(CC) $(CFLAGS) -w -c $(GEN)/kernel.c -o $(GEN)/kernel.o
-include $(BUILD)/kernel.d
$(GEN)/kernel.h: $(GEN)/kernel.o
	@:

# KERNEL_IMPORTS: a 0 for each import module Z_kernel_instantiate takes
# (hal/common/boot.c); which modules the wasm imports varies by arch and flavour.
$(GEN)/kernel_imports.h: $(GEN)/kernel.h
	$(Q)imports=$$(sed -n 's/^void Z_kernel_instantiate(Z_kernel_instance_t\*\(.*\));$$/\1/p' $< | sed 's/struct [A-Za-z0-9_]*\*/0/g'); \
	  echo "#define KERNEL_IMPORTS $$imports" > $@.new
	$(Q)cmp -s $@.new $@ && rm $@.new || mv $@.new $@

# The constants C shares with TS (the kernel's and the cells' C alike),
# generated from the TS. The header is replaced only when it changes, so that
# editing a comment in abi/ recompiles nothing; the stamp says it is up to
# date, so that it is not generated again at every make (nor by two sub-makes
# of `make images` at once).
$(CONSTANTS_H).stamp: $(CONST_SRCS) scripts/gen-constants.ts $(STAMP_TOOLS)
	$(Q)mkdir -p $(@D)
	$(Q)node --import tsx scripts/gen-constants.ts $(CONST_SRCS) > $(CONSTANTS_H).new
	$(Q)cmp -s $(CONSTANTS_H).new $(CONSTANTS_H) && rm $(CONSTANTS_H).new || mv $(CONSTANTS_H).new $(CONSTANTS_H)
	$(Q)touch $@
$(CONSTANTS_H): $(CONSTANTS_H).stamp
	@:

# The linear memory's initial and maximum pages, for the image's reserve
# (linker.ld) and the runtime (hal/common/wasm_rt.c); replaced only on change.
$(GEN)/memory.h: $(BUILD)/kernel.wasm scripts/wasm-memory.sh
	$(Q)mkdir -p $(GEN)
	$(Q)scripts/wasm-memory.sh $< > $@.new
	$(Q)cmp -s $@.new $@ && rm $@.new || mv $@.new $@

# The keys the kernel trusts and its minimum initrd version, as C data.
$(GEN)/trust_keys.c: $(SIGNING_STAMP) scripts/gen-trust-keys.sh
	$(Q)mkdir -p $(GEN)
	$(Q)scripts/gen-trust-keys.sh $(INITRD_MIN_VERSION) $(SIGNING_KEY).pub $(NEXUS_TRUSTED_KEYS) > $@.new
	$(Q)cmp -s $@.new $@ && rm $@.new || mv $@.new $@
$(GEN)/trust_keys.o: $(GEN)/trust_keys.c
	$(Q)$(CC) $(CFLAGS) $(WARN) -c $< -o $@

# ---- 3. the C and assembly of hal/ and boot/ -> objects -----------------------
$(BUILD)/obj/%.c.o: %.c $(HDRS) $(GEN)/kernel.h $(GEN)/kernel_imports.h $(GEN)/memory.h $(CONSTANTS_H)
	@echo "  CC       $<"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(WARN) -c $< -o $@

$(BUILD)/obj/%.S.o: %.S $(CONSTANTS_H)
	@echo "  AS       $<"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# ---- 4. link (twice: the second carries the symbol table for backtraces) -----
$(BUILD)/linker.ld: linker.ld $(GEN)/memory.h
	$(Q)mkdir -p $(BUILD)
	$(Q)$(CC) -E -P -x c -undef -DARCH_$(ARCH) -include $(GEN)/memory.h $< -o $@

$(BUILD)/kernel.elf: $(OBJS) $(BUILD)/linker.ld scripts/gen-ksyms.sh
	@echo "  LD       $@"
	$(Q)scripts/gen-ksyms.sh /dev/null > $(GEN)/ksyms0.S
	$(Q)$(CC) $(CFLAGS) -c $(GEN)/ksyms0.S -o $(GEN)/ksyms0.o
	$(Q)$(LD) $(LDFLAGS) -T $(BUILD)/linker.ld $(OBJS) $(GEN)/ksyms0.o -o $(GEN)/kernel.pass1.elf
	$(Q)scripts/gen-ksyms.sh $(GEN)/kernel.pass1.elf > $(GEN)/ksyms.S
	$(Q)$(CC) $(CFLAGS) -c $(GEN)/ksyms.S -o $(GEN)/ksyms.o
	$(Q)$(LD) $(LDFLAGS) -T $(BUILD)/linker.ld $(OBJS) $(GEN)/ksyms.o -o $@
	$(Q)scripts/gen-ksyms.sh --compare $(GEN)/kernel.pass1.elf $@

# ---- cells: user programs, through the same steps --------------------------------
# A cell is cells/<role>/<name>/main.ts (exporting main). Its role says which
# initrd carries it: system (init and what it starts: a release boots to the
# shell) and programs (what the shell runs) make the release initrd; tests and
# benchmarks are added only in the test initrd the QEMU cases boot.
# Each becomes $(BUILD)/cells/<name>.elf: asc with cells/asconfig.json,
# wasm2c -n cell, clang for user mode (bounds checks on: a bad access is a
# wasm trap), linked with the user runtime cells/rt/ by cells/rt/link.ld into
# a static ET_EXEC at 0x400000, which scripts/check-cell.sh holds to what the
# kernel's loader accepts.
CELL_ROLES := system programs tests benchmarks
cells_of = $(sort $(patsubst cells/$(1)/%/main.ts,%,$(wildcard cells/$(1)/*/main.ts)))
RELEASE_CELLS := $(call cells_of,system) $(call cells_of,programs)
TEST_CELLS := $(call cells_of,tests) $(call cells_of,benchmarks)
STRAY_CELLS := $(strip $(wildcard cells/*/main.ts) $(filter-out $(CELL_ROLES:%=cells/%/%),$(wildcard cells/*/*/main.ts)))
ifneq ($(STRAY_CELLS),)
$(error $(firstword $(STRAY_CELLS)): a cell lives in cells/<role>/<name>/main.ts, its role one of $(CELL_ROLES) (cells/README.md))
endif
ifneq ($(words $(sort $(RELEASE_CELLS) $(TEST_CELLS))),$(words $(RELEASE_CELLS) $(TEST_CELLS)))
$(error two cells share a name (a bundle is named after its cell): $(sort $(foreach c,$(RELEASE_CELLS) $(TEST_CELLS),$(if $(filter-out 1,$(words $(filter $(c),$(RELEASE_CELLS) $(TEST_CELLS)))),$(c)))))
endif
cell_dir = $(patsubst %/main.ts,%,$(wildcard $(CELL_ROLES:%=cells/%/$(1)/main.ts)))
# A KTEST image runs the in-kernel tests and powers off before init would
# start: its initrd carries the files alone, which halves the build.
CELLS := $(if $(filter 1,$(KTEST)),,$(sort $(RELEASE_CELLS) $(TEST_CELLS)))
CELL_ELFS := $(CELLS:%=$(BUILD)/cells/%.elf)
cells: $(CELL_ELFS)

# Steps 1 and 2 do not depend on the architecture (cells/asconfig.json has no
# targets): each cell's wasm and C are made once, in $(CELL_GEN)/<name>/.
# asc compiles a group of cells in one process (scripts/asc.js): the release
# cells, or the tests and benchmarks. It compiles only the cells whose
# sources changed, and leaves a wasm file alone when its bytes come out the
# same; <group>.d names every file asc read for the group.
CELL_GEN := build/cells
CELLS_release := $(RELEASE_CELLS)
CELLS_test := $(TEST_CELLS)
# A group's list of cells, in a file that changes only when the list does
# (written through a file of this shell's own: the sub-makes of `make images`
# and `make test` may both get here at once).
$(CELL_GEN)/%.list: FORCE
	$(Q)mkdir -p $(@D)
	$(Q)echo "$(CELLS_$*)" > $@.$$$$; cmp -s $@.$$$$ $@ && rm $@.$$$$ || mv $@.$$$$ $@
$(CELL_GEN)/%.stamp: $(CELL_GEN)/%.list $(wildcard cells/*/*/*.ts cells/lib/*.ts) cells/asconfig.json scripts/asc.js $(STAMP_TOOLS)
	$(Q)$(ASC) --skip-fresh --depfile $(CELL_GEN)/$*.d $@ --config cells/asconfig.json -- $(foreach c,$(CELLS_$*),$(CELL_GEN)/$(c)/cell.wasm=$(call cell_dir,$(c))/main.ts)
	$(Q)touch $@
-include $(CELL_GEN)/release.d $(CELL_GEN)/test.d
$(RELEASE_CELLS:%=$(CELL_GEN)/%/cell.wasm): $(CELL_GEN)/release.stamp
	@:
$(TEST_CELLS:%=$(CELL_GEN)/%/cell.wasm): $(CELL_GEN)/test.stamp
	@:

$(CELL_GEN)/%/cell.c: $(CELL_GEN)/%/cell.wasm
	@echo "  WASM2C   $@"
	$(Q)wasm2c $< -o $@ -n cell
$(CELL_GEN)/%/cell.h: $(CELL_GEN)/%/cell.c
	@:
# -nostdlibinc hides /usr/include: the one header wasm2c's output needs from there.
$(CELL_GEN)/include/wasm-rt.h: /usr/include/wasm-rt.h
	$(Q)mkdir -p $(@D)
	$(Q)cp $< $@

# Steps 3 and 4, for this architecture.
CELL_CFLAGS_x86_64 := --target=x86_64-unknown-none-elf -march=x86-64 -mcmodel=small
CELL_CFLAGS_riscv64 := --target=riscv64-unknown-elf -march=rv64gc -mabi=lp64d -mcmodel=medany -mno-relax
CELL_CFLAGS := -std=c11 -O2 -ffreestanding -nostdlibinc -isystem hal/common/include -I $(CELL_GEN)/include -I $(dir $(CONSTANTS_H)) \
  -fno-stack-protector -fno-asynchronous-unwind-tables -fno-pic -fno-pie -ffunction-sections -fdata-sections \
  -ffile-prefix-map=$(CURDIR)=. -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0 $(CELL_CFLAGS_$(ARCH))
CELL_LDFLAGS := -nostdlib -static -z max-page-size=4096 --build-id=none --no-dynamic-linker --gc-sections \
  --orphan-handling=error -T $(CELL_GEN)/link.ld
CELL_RT := $(BUILD)/cells/rt/syscall.o $(BUILD)/cells/rt/libc.o $(BUILD)/cells/rt/wasm_math.o
CELL_HDRS := $(wildcard hal/common/include/*.h)
# Keep the steps' outputs (make would delete them as intermediates).
.SECONDARY: $(CELL_RT) $(CELL_GEN)/release.list $(CELL_GEN)/test.list $(foreach c,$(CELLS),$(addprefix $(CELL_GEN)/$(c)/,cell.wasm cell.c cell.h) $(addprefix $(BUILD)/cells/$(c)/,cell.o start.o))

$(BUILD)/cells/%/cell.o: $(CELL_GEN)/%/cell.c $(CELL_GEN)/include/wasm-rt.h
	@echo "  CC       $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CELL_CFLAGS) -w -c $< -o $@

# The runtime's C is compiled per cell against its cell.h; CELL_IMPORTS is a
# 0 for each import module Z_cell_instantiate takes (their instances are unused).
$(BUILD)/cells/%/start.o: cells/rt/start.c $(CELL_GEN)/%/cell.h $(CELL_GEN)/include/wasm-rt.h $(CELL_HDRS) $(CONSTANTS_H)
	@echo "  CC       $@"
	$(Q)mkdir -p $(@D)
	$(Q)imports=$$(sed -n 's/^void Z_cell_instantiate(Z_cell_instance_t\*\(.*\));$$/\1/p' $(CELL_GEN)/$*/cell.h | sed 's/struct [A-Za-z0-9_]*\*/0/g'); \
	  $(CC) $(CELL_CFLAGS) $(WARN) -I $(CELL_GEN)/$* "-DCELL_IMPORTS=$$imports" -c $< -o $@

$(BUILD)/cells/rt/syscall.o: cells/rt/$(ARCH)/syscall.S
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CELL_CFLAGS) -c $< -o $@
$(BUILD)/cells/rt/%.o: hal/common/%.c $(CELL_HDRS)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CELL_CFLAGS) $(WARN) -c $< -o $@

# The cells' linker script, with the image's base from the generated constants.
$(CELL_GEN)/link.ld: cells/rt/link.ld $(CONSTANTS_H)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -E -P -x c -undef -D__ASSEMBLER__ -include $(CONSTANTS_H) $< -o $@

$(BUILD)/cells/%.elf: $(BUILD)/cells/%/cell.o $(BUILD)/cells/%/start.o $(CELL_RT) $(CELL_GEN)/link.ld scripts/check-cell.sh
	@echo "  LD       $@"
	$(Q)$(LD) $(CELL_LDFLAGS) $(filter %.o,$^) -o $@
	$(Q)scripts/check-cell.sh $(ARCH) $@ $(CONSTANTS_H)

# ---- 5. boot images ----------------------------------------------------------
# The initrd: each file of boot/initrd/ and each cell as a signed bundle, in a
# signed manifest. The release initrd (in every image of $(BUILD)/) carries
# the system cells and programs; the test initrd ($(BUILD)/test/, booted with
# the same kernel by the QEMU cases) adds the tests and benchmarks.
INITRD_CELLS := $(if $(filter 1,$(KTEST)),,$(RELEASE_CELLS))
TEST_INITRD_CELLS := $(sort $(RELEASE_CELLS) $(TEST_CELLS))
MKINITRD_SRCS := scripts/mkinitrd.ts $(wildcard scripts/nexus/*.ts)
mkinitrd = node --import tsx scripts/mkinitrd.ts $(SIGNING_KEY) $(INITRD_VERSION) $@ --arch $(ARCH) $(foreach c,$(1),--cell $(c)=$(BUILD)/cells/$(c).elf) $(INITRD_FILES)
# Which cells and files an initrd holds, in a file that changes only when the
# lists do: a cell or file removed rebuilds it too.
contents = mkdir -p $(@D) && echo "$(1) | $(INITRD_FILES)" > $@.new && { cmp -s $@.new $@ && rm $@.new || mv $@.new $@; }

$(BUILD)/initrd.contents: FORCE
	$(Q)$(call contents,$(INITRD_CELLS))
$(BUILD)/initrd.nxi: $(INITRD_FILES) $(INITRD_CELLS:%=$(BUILD)/cells/%.elf) $(BUILD)/initrd.contents $(SIGNING_STAMP) $(MKINITRD_SRCS) | $(STAMP_TOOLS)
	@echo "  INITRD   $@ (version $(INITRD_VERSION), signed with $(SIGNING_KEY))"
	$(Q)$(call mkinitrd,$(INITRD_CELLS))

$(BUILD)/test/initrd.contents: FORCE
	$(Q)$(call contents,$(TEST_INITRD_CELLS))
$(BUILD)/test/initrd.nxi: $(INITRD_FILES) $(TEST_INITRD_CELLS:%=$(BUILD)/cells/%.elf) $(BUILD)/test/initrd.contents $(SIGNING_STAMP) $(MKINITRD_SRCS) | $(STAMP_TOOLS)
	@echo "  INITRD   $@ (with the tests and benchmarks)"
	$(Q)$(call mkinitrd,$(TEST_INITRD_CELLS))

ifeq ($(KTEST),1)
test-initrd:
	@echo "make: the KTEST flavour boots no cells, so it has no test initrd" >&2; exit 2
else
test-initrd: $(BUILD)/test/initrd.nxi
endif

$(BUILD)/nexus-grub.iso: $(BUILD)/kernel.elf $(BUILD)/initrd.nxi boot/loader/grub.cfg scripts/mkiso-grub.sh
	@echo "  GRUB     $@"
	$(Q)scripts/mkiso-grub.sh $(BUILD)/kernel.elf $(BUILD)/initrd.nxi $@

$(BUILD)/nexus-limine.iso: $(BUILD)/kernel.elf $(BUILD)/initrd.nxi boot/loader/limine.conf scripts/mkiso-limine.sh
	@echo "  LIMINE   $@"
	$(Q)scripts/mkiso-limine.sh $(ARCH) $(BUILD)/kernel.elf $(BUILD)/initrd.nxi $@ "$(LIMINE_DIR_FOUND)"

# nexus.iso: the Limine ISO when Limine is installed, else the GRUB one.
$(BUILD)/nexus.iso: $(if $(LIMINE_DIR_FOUND),$(BUILD)/nexus-limine.iso,$(BUILD)/nexus-grub.iso)
	$(Q)cp $< $@

$(BUILD)/Image: $(BUILD)/kernel.elf
	@echo "  IMAGE    $@"
	$(Q)llvm-objcopy -O binary $< $@

$(BUILD)/nexus-sd.img: $(BUILD)/Image $(BUILD)/initrd.nxi boot/loader/extlinux.conf scripts/mksdcard.sh $(wildcard boot/dtbs/*/*.dtb)
	@echo "  SDCARD   $@"
	$(Q)scripts/mksdcard.sh $(BUILD)/Image $(BUILD)/initrd.nxi $@

iso: $(BUILD)/nexus.iso
sdcard: $(BUILD)/nexus-sd.img

# ---- both architectures at once ---------------------------------------------
# `make images` builds the release images of both architectures (what `make`
# builds for one); `make test` builds every flavour it boots: those, their test
# initrds and the KTEST kernels. One sub-make per architecture and flavour, all
# at once under make's job limit, after the steps they share: the tools, the
# signing key, the generated constants and the cells' wasm and C
# (build/cells/ serves both architectures, so one make writes it before the
# others read it).
SHARED_STEPS := $(STAMP_TOOLS) $(SIGNING_KEY).pub $(CONSTANTS_H) $(CELL_GEN)/link.ld $(CELL_GEN)/include/wasm-rt.h
.PHONY: images
images: $(addprefix flavour-,x86_64 riscv64)
flavour-%: $(SHARED_STEPS) $(foreach c,$(RELEASE_CELLS),$(CELL_GEN)/$(c)/cell.c)
	$(Q)$(MAKE) --no-print-directory ARCH=$* all
test-flavour-%: $(SHARED_STEPS) $(foreach c,$(RELEASE_CELLS) $(TEST_CELLS),$(CELL_GEN)/$(c)/cell.c)
	$(Q)$(MAKE) --no-print-directory ARCH=$(firstword $(subst -, ,$*)) KTEST=$(if $(findstring -ktest,$*),1,0) \
	  all $(if $(findstring -ktest,$*),,test-initrd)

# ---- run and test --------------------------------------------------------------
run: all
	$(Q)scripts/run.sh $(ARCH) $(BUILD)

# The bad initrds of the trust cases, signed like the build's own.
trust-cases: build/trust/good.nxi
build/trust/good.nxi: $(INITRD_FILES) $(SIGNING_STAMP) scripts/mk-trust-cases.sh scripts/mkinitrd.ts scripts/mk-initrd-variants.ts $(wildcard scripts/nexus/*.ts) | $(STAMP_TOOLS)
	@echo "  TRUST    build/trust/*.nxi (initrds for the verified-boot cases)"
	$(Q)scripts/mk-trust-cases.sh $(SIGNING_KEY) build/trust $(INITRD_FILES)

test: $(STAMP_TOOLS)
	$(Q)$(MAKE) --no-print-directory typecheck format-check
	$(Q)$(MAKE) --no-print-directory $(addprefix test-flavour-,x86_64 riscv64 x86_64-ktest riscv64-ktest) trust-cases
	$(Q)+scripts/check-reproducible.sh
	$(Q)$(MAKE) --no-print-directory test-host
	$(Q)scripts/qemu-test-harness

test-host: $(STAMP_DEPS)
	$(Q)node --import tsx --test tests/host/*.test.ts

# The host TypeScript (tsconfig.json: scripts/, tests/host/, tests/qemu/),
# type-checked by tsc with strict on; nothing is emitted. The kernel's and the
# cells' TS are AssemblyScript, which asc checks as it compiles them.
.PHONY: typecheck
typecheck: $(STAMP_DEPS)
	@echo "  TSC      tsconfig.json"
	$(Q)node_modules/.bin/tsc -p tsconfig.json

# One formatter for the TS, JS and JSON: Prettier, configured in
# prettier.config.mjs (with what it leaves alone in .prettierignore).
# format rewrites the files; format-check fails naming each file it would change.
.PHONY: format format-check
format: $(STAMP_DEPS)
	$(Q)node_modules/.bin/prettier --write --log-level warn .
format-check: $(STAMP_DEPS)
	$(Q)node_modules/.bin/prettier --check --log-level warn .

bench: $(STAMP_TOOLS)
	$(Q)node --import tsx scripts/bench.ts

# ---- hosted crypto benchmarks (make bench runs them) --------------------------
# The kernel's crypto through the kernel's own steps 1 and 2 (asc with
# asconfig.json, wasm2c), then clang -O2 for Linux with wabt's hosted runtime
# and the kernel's bounds-checked memory accesses; and libsodium's Ed25519, the
# native figure it is compared with.
HOSTED := build/hosted
WASM_RT_IMPL := /usr/share/wabt/wasm2c
HOSTED_CFLAGS := -std=gnu11 -O2 -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0 $(WARN)

$(HOSTED)/crypto.wasm: bench/hosted/crypto.ts $(TS_SRCS) $(STAMP_TOOLS) scripts/asc.js
	$(Q)$(ASC) --config asconfig.json --target x86_64 --use KTEST=0 -- $@=$<

$(HOSTED)/crypto.c: $(HOSTED)/crypto.wasm
	@echo "  WASM2C   $@"
	$(Q)wasm2c $< -o $@ -n crypto

$(HOSTED)/crypto-bench: bench/hosted/main.c bench/hosted/measure.h $(HOSTED)/crypto.c
	@echo "  CC       $@"
	$(Q)$(CC) $(HOSTED_CFLAGS) -w -I $(WASM_RT_IMPL) -c $(HOSTED)/crypto.c -o $(HOSTED)/crypto.o
	$(Q)$(CC) $(HOSTED_CFLAGS) -w -c $(WASM_RT_IMPL)/wasm-rt-impl.c -o $(HOSTED)/wasm-rt-impl.o
	$(Q)$(CC) $(HOSTED_CFLAGS) -I $(HOSTED) bench/hosted/main.c $(HOSTED)/crypto.o $(HOSTED)/wasm-rt-impl.o -lm -o $@

$(HOSTED)/sodium-bench: bench/hosted/sodium.c bench/hosted/measure.h
	@echo "  CC       $@"
	$(Q)mkdir -p $(HOSTED)
	$(Q)$(CC) $(HOSTED_CFLAGS) $< -lsodium -o $@

hosted: $(HOSTED)/crypto-bench $(HOSTED)/sodium-bench

clean:
	rm -rf build
