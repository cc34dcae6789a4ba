/* The class/id token rules as one automaton, walked in C (rules.TokenRules.word).

   The rules are three regex searches of a class value (whole-token rules, substring rules,
   and the embeds that veto both; rules/__init__.py says how they decide). Python's regex
   engine tries every alternative of a trie's first branch at every position of the value,
   so a new class string cost about 29,000 instructions, paid by every new site a crawl
   meets. Here the value is read once, one character at a time, through an Aho-Corasick
   automaton of the same rules (rules/tokentable.py builds it): a few instructions per
   character, and every rule that ends at a character known there.

   ``tokens(low, table)`` returns the index of the rule that decides ``low`` (the lower-cased
   value), or -1 when none does or an embed's token is in it. Characters are read as the
   patterns read them: a-z and 0-9 are themselves; ``_`` and every character that is not
   alphanumeric to Python (``str.isalnum``, the regex engine's ``\w`` less ``_``) is a
   separator, and a run of separators is one (a rule's ``-`` matches any run); any other
   character (a letter outside ASCII) matches no rule, and is no letter of a whole token's
   edge, as ``(?<![a-z0-9])`` says. Among the rules found, the leftmost wins, a whole-token
   rule before a substring rule at the same place, then the longest.

   ``table`` is the int32 array that tokentable.py writes: a header (states, rules, outputs),
   the transitions (SYMBOLS per state), each state's first output and the end of its last
   (states + 1 offsets), the outputs (rule indexes), and each rule's length in symbols and
   its flags. Every index read from it is checked before it is used, so a wrong table raises
   ValueError instead of reading outside it. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#include "_treewalk.h"

#define SYMBOLS 38   /* a-z, 0-9, a separator run, any other character */
#define SEPARATOR 36
#define OTHER 37
#define HEADER 3
#define BOUNDED 1    /* a whole-token rule: no a-z or 0-9 on either side */
#define LOOSE 2      /* a substring rule */
#define CONTENT 4    /* an embed's token: the value names no noise */
#define STACK_SYMBOLS 256

static inline int symbol_of(Py_UCS4 ch) {
    if (ch >= 'a' && ch <= 'z')
        return (int)(ch - 'a');
    if (ch >= '0' && ch <= '9')
        return 26 + (int)(ch - '0');
    if (ch == '_' || !Py_UNICODE_ISALNUM(ch))
        return SEPARATOR;
    return OTHER;
}

static PyObject *corrupt(void) {
    PyErr_SetString(PyExc_ValueError, "tokens: the table is not a token automaton");
    return NULL;
}

/* The symbols of ``low`` into ``out`` (room for one per character), a run of separators as
   one; their count */
static Py_ssize_t fold(PyObject *low, unsigned char *out) {
    const int kind = PyUnicode_KIND(low);
    const void *data = PyUnicode_DATA(low);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(low);
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        const int s = symbol_of(PyUnicode_READ(kind, data, i));
        if (s == SEPARATOR && m > 0 && out[m - 1] == SEPARATOR)
            continue;
        out[m++] = (unsigned char)s;
    }
    return m;
}

static PyObject *walk(const unsigned char *sym, Py_ssize_t m, const int32_t *table) {
    const int32_t states = table[0], rules = table[1], outs = table[2];
    const int32_t *delta = table + HEADER;
    const int32_t *first = delta + (Py_ssize_t)states * SYMBOLS;
    const int32_t *out = first + states + 1;
    const int32_t *length = out + outs;
    const int32_t *flags = length + rules;
    Py_ssize_t best = -1, best_start = 0, best_length = 0;
    int best_rank = 0, content = 0;
    int32_t state = 0;
    for (Py_ssize_t i = 0; i < m; i++) {
        state = delta[(Py_ssize_t)state * SYMBOLS + sym[i]];
        if (state < 0 || state >= states)
            return corrupt();
        const int32_t from = first[state], to = first[state + 1];
        if (from < 0 || from > to || to > outs)
            return corrupt();
        for (int32_t k = from; k < to; k++) {
            const int32_t rule = out[k];
            if (rule < 0 || rule >= rules)
                return corrupt();
            const Py_ssize_t len = length[rule], start = i - len + 1;
            if (len < 1 || start < 0)
                return corrupt();
            const int f = flags[rule];
            const int whole = (f & BOUNDED) && (start == 0 || sym[start - 1] >= SEPARATOR)
                              && (i + 1 == m || sym[i + 1] >= SEPARATOR);
            if (!whole && !(f & LOOSE))
                continue;
            if (f & CONTENT)
                content = 1;
            const int rank = whole ? 0 : 1;
            if (best < 0 || start < best_start
                    || (start == best_start && (rank < best_rank
                                                || (rank == best_rank && len > best_length)))) {
                best = rule;
                best_start = start;
                best_rank = rank;
                best_length = len;
            }
        }
    }
    return PyLong_FromSsize_t(content ? -1 : best);
}

PyObject *tw_tokens(PyObject *module, PyObject *args) {
    PyObject *low, *result;
    Py_buffer view;
    unsigned char stack[STACK_SYMBOLS], *sym = stack;
    (void)module;
    if (!PyArg_ParseTuple(args, "Uy*:tokens", &low, &view))
        return NULL;
    if (PyUnicode_READY(low) < 0) {
        PyBuffer_Release(&view);
        return NULL;
    }
    const int32_t *table = (const int32_t *)view.buf;
    const Py_ssize_t count = view.len / (Py_ssize_t)sizeof(int32_t);
    if (view.len % (Py_ssize_t)sizeof(int32_t) != 0 || (uintptr_t)view.buf % sizeof(int32_t) != 0
            || count < HEADER || table[0] < 1 || table[1] < 0 || table[2] < 0
            || table[0] > count / (SYMBOLS + 1) || table[1] > count || table[2] > count
            || count != HEADER + (Py_ssize_t)table[0] * (SYMBOLS + 1) + 1 + table[2]
                        + 2 * (Py_ssize_t)table[1]) {
        PyBuffer_Release(&view);
        return corrupt();
    }
    const Py_ssize_t n = PyUnicode_GET_LENGTH(low);
    if (n > STACK_SYMBOLS) {
        sym = PyMem_Malloc((size_t)n);
        if (sym == NULL) {
            PyBuffer_Release(&view);
            return PyErr_NoMemory();
        }
    }
    result = walk(sym, fold(low, sym), table);
    if (sym != stack)
        PyMem_Free(sym);
    PyBuffer_Release(&view);
    return result;
}
