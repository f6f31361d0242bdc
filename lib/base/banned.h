/* banned.h - functions newsfold code must not call: unbounded, locale-dependent or stateful. */
#ifndef NF_BANNED_H
#define NF_BANNED_H

#define NF_BANNED(func) sorry_##func##_is_banned_in_newsfold

#undef strcpy
#define strcpy(x, y) NF_BANNED(strcpy)
#undef strcat
#define strcat(x, y) NF_BANNED(strcat)
#undef sprintf
#define sprintf(...) NF_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) NF_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) NF_BANNED(strtok)
#undef atoi
#define atoi(x) NF_BANNED(atoi)
#undef atol
#define atol(x) NF_BANNED(atol)
#undef gets
#define gets(x) NF_BANNED(gets)

#endif
