#!/usr/bin/env bash
# make install into a scratch root; a program that uses only the installed header and
# pkg-config file compiles, links (static and shared) and cleans a text.
. "$(dirname "$0")/lib.sh"

build=$(basename "${O:-build/debug}")
root="$T/root"
make -s -C "$TOP" install BUILD="$build" PREFIX=/usr/local DESTDIR="$root" >"$T/install.log" 2>&1
check_eq "make install" $? 0
check "make install without BUILD installs the release build" \
	grep -q 'build/release/newsfold ' <(MAKEFLAGS= MAKEOVERRIDES= make -n -C "$TOP" install PREFIX=/usr/local \
		DESTDIR="$root" 2>&1)
for f in bin/newsfold include/newsfold.h lib/libnewsfold.a lib/libnewsfold.so.0 \
	lib/libnewsfold.so lib/pkgconfig/newsfold.pc share/man/man1/newsfold.1; do
	check "installed $f" test -e "$root/usr/local/$f"
done
so=$root/usr/local/lib/libnewsfold.so.0
soname=$(objdump -p "$so" | awk '/SONAME/ {print $2}')
check_eq "SONAME" "$soname" "libnewsfold.so.0"
# only nf_* symbols are exported (nm must run: a missing nm or library is a failure)
must "nm -D" nm -D --defined-only "$so" >"$T/syms"
awk '{print $3}' "$T/syms" >"$T/names"
check "the library exports nf_version" grep -qx nf_version "$T/names"
grep -oE '\bnf_[a-z0-9_]+\(' "$root/usr/local/include/newsfold.h" | tr -d '(' | sort -u >"$T/declared"
check "the header declares more than 100 functions" test "$(wc -l <"$T/declared")" -gt 100
check_eq "every function the header names is exported" \
	"$(grep -cvxFf "$T/names" "$T/declared")" 0
check_eq "only nf_ symbols exported" "$(grep -v '^nf_' "$T/names" | grep -v '^_' | head -3)" ""

cat >"$T/use.c" <<'C'
#include <newsfold.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
	nf_cleaner *c;
	nf_cleaned out;
	const char *t = "Mr. Smith said todayâ€™s talks went well. Then he left.";
	if (nf_cleaner_new(&c, NULL) || nf_clean(c, t, strlen(t), &out))
		return 1;
	printf("%s %zu %zu %.*s\n", nf_version(), out.n_sentences, out.n_repairs,
	       (int)out.text_len, out.text);
	nf_cleaner_free(c);
	return 0;
}
C
export PKG_CONFIG_PATH="$root/usr/local/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root"
cflags=$(pkg-config --cflags newsfold)
# static: the archive itself, then what pkg-config says it needs
${CC:-cc} ${SANFLAGS:-} $cflags -o "$T/use_static" "$T/use.c" "$root/usr/local/lib/libnewsfold.a" \
	$(pkg-config --static --libs newsfold | sed 's/-lnewsfold//') >"$T/cc1.log" 2>&1
check_eq "compile + static link with pkg-config" $? 0
${CC:-cc} ${SANFLAGS:-} $cflags -o "$T/use_shared" "$T/use.c" $(pkg-config --libs newsfold) \
	>"$T/cc2.log" 2>&1
check_eq "compile + shared link with pkg-config" $? 0
want="0.1.0 2 1 Mr. Smith said today’s talks went well. Then he left."
check_eq "static program runs" "$("$T/use_static")" "$want"
check_eq "shared program runs" "$(LD_LIBRARY_PATH="$root/usr/local/lib" "$T/use_shared")" "$want"
finish
