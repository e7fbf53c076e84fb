# SPDX-License-Identifier: GPL-2.0-only
#
# Out-of-tree build of ninep.
#   make                 build ninep.ko against Debian's 6.12 headers
#   make KDIR=/path      build against another kernel tree or build dir
#   make W=1 / C=2       extra warnings / sparse
#   make install         install into /lib/modules/<release>/updates
#
# In tree, the Kbuild and Kconfig files are used as they are.

ifneq ($(KERNELRELEASE),)
include $(src)/Kbuild
else

# newest Debian 6.12 amd64 headers on this machine, else the running kernel
KDIR ?= $(or $(lastword $(sort $(wildcard /usr/src/linux-headers-6.12.*-amd64))),\
	     /lib/modules/$(shell uname -r)/build)
PWD := $(CURDIR)

# out of tree: the module is always built; the KUnit suite when the
# target kernel has KUnit
KCONF := $(KDIR)/include/config/auto.conf
HAVE_KUNIT := $(shell grep -qsE '^CONFIG_KUNIT=(y|m)' $(KCONF) && echo m)
MAKEVARS := CONFIG_NINEP_FS=m CONFIG_NINEP_KUNIT_TEST=$(HAVE_KUNIT)

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(PWD) $(MAKEVARS) modules

install: modules
	$(MAKE) -C $(KDIR) M=$(PWD) $(MAKEVARS) INSTALL_MOD_DIR=updates modules_install
	install -D -m 644 scripts/modprobe-ninep.conf /etc/modprobe.d/ninep.conf
	depmod -a $$(cat $(KDIR)/include/config/kernel.release)

clean:
	$(MAKE) -C $(KDIR) M=$(PWD) clean

kernelrelease:
	@cat $(KDIR)/include/config/kernel.release

.PHONY: all modules install clean kernelrelease
endif
