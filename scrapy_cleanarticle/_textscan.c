/* Scans of a text or of a page's bytes in C: textutil's folds (squash, fold,
   normalized_length) and parse's check for control characters (control_marks).

   ``squash`` is ``" ".join(text.split())``: runs of white space (``Py_UNICODE_ISSPACE``, the
   characters ``str.split()`` splits on, Unicode's spaces included) become one space, and
   none is left at either end. Python spends an allocation per word on it (the split list,
   then the join), and ``fold`` adds a third copy for ``str.casefold``. On short blocks,
   which every page has by the hundred, that was most of a fold's cost. Here the text is read
   once; when it is squashed already (and, with ``lower``, holds no A-Z) it is returned as it
   is, else one new string is written. ``lower`` maps A-Z to a-z, which is ``str.casefold``
   on an ASCII text and nothing more: textutil asks for it on ASCII texts only.

   ``normalized_length`` is XPath's ``string-length(normalize-space(text))``: only
   ``" \t\r\n"`` are white space to XPath, runs of them count as one character between
   words and as none at the ends.

   The result of ``squash`` is built with ``PyUnicode_FromKindAndData``, which narrows it to
   the smallest kind that holds its characters: a text whose only wide character was a space
   (U+3000) gives an ASCII string, equal to Python's own.

   ``control_marks`` reads a page's UTF-8 bytes once for what the parser must not see: an
   ASCII control byte that parse removes (all below 0x20 but tab, LF and CR, and DEL), and a
   numeric character reference to one (``&#1;``, ``&#x0B``; parse's ``_CONTROL_REF``). Python
   searched the bytes thirty times (one ``in`` per control byte) and ran the reference regex
   from the first ``&#`` on; most pages hold thousands of newlines and many ``&#8217;``.
   Eight bytes are tested at a time for a byte below 0x20 or equal to 0x7F (a test that may
   flag a word in vain, never miss one), and only flagged words byte by byte.

   Each user checks these functions against its Python reference at import (textutil's
   ``_checked_folds``, parse's ``_checked_marks``) before it uses them. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>

#include "_treewalk.h"

static inline int is_xml_space(Py_UCS4 ch) {
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Whether ``text`` is its own squash (and, with ``lower``, holds no A-Z) */
static int squashed(int kind, const void *data, Py_ssize_t n, int lower) {
    Py_UCS4 prev = ' '; /* a space at the start is not squashed */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == ' ') {
            if (prev == ' ')
                return 0;
        } else if (Py_UNICODE_ISSPACE(ch) || (lower && ch >= 'A' && ch <= 'Z')) {
            return 0;
        }
        prev = ch;
    }
    return prev != ' ' || n == 0;
}

/* squash of an ASCII text (the usual block of markup): bytes read through a table, and the
   result written straight into a new ASCII str */
static const unsigned char ascii_space[128] = {
    ['\t'] = 1, ['\n'] = 1, [0x0b] = 1, [0x0c] = 1, ['\r'] = 1,
    [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, [' '] = 1,
};

static PyObject *squash_ascii(PyObject *text, int lower) {
    const unsigned char *data = PyUnicode_1BYTE_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t i = 0, len;
    /* the prefix that is squashed already (no space first, no second space in a row) */
    for (unsigned char prev = ' '; i < n; i++) {
        unsigned char ch = data[i];
        if (ascii_space[ch] ? (ch != ' ' || prev == ' ') : (lower && ch >= 'A' && ch <= 'Z'))
            break;
        prev = ch;
    }
    if (i == n && (n == 0 || data[n - 1] != ' ')) {
        Py_INCREF(text);
        return text;
    }
    PyObject *result = PyUnicode_New(n, 127);
    if (result == NULL)
        return NULL;
    unsigned char *out = PyUnicode_1BYTE_DATA(result);
    memcpy(out, data, (size_t)i);
    len = i;
    int pending = 0; /* white space seen since the last word */
    if (len > 0 && out[len - 1] == ' ') { /* the prefix ended in a space: written later, if at all */
        len--;
        pending = 1;
    }
    for (; i < n; i++) {
        unsigned char ch = data[i];
        if (ascii_space[ch]) {
            pending = len > 0;
            continue;
        }
        if (pending) {
            out[len++] = ' ';
            pending = 0;
        }
        out[len++] = lower && ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 'a' - 'A') : ch;
    }
    if (len < n && PyUnicode_Resize(&result, len) < 0) { /* a new str: resized in place */
        Py_XDECREF(result);
        return NULL;
    }
    return result;
}

PyObject *tw_squash(PyObject *module, PyObject *args) {
    PyObject *text;
    int lower = 0;
    (void)module;
    if (!PyArg_ParseTuple(args, "U|p:squash", &text, &lower))
        return NULL;
    if (PyUnicode_IS_ASCII(text))
        return squash_ascii(text, lower);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (squashed(kind, data, n, lower)) {
        Py_INCREF(text);
        return text;
    }
    /* the output is never longer than the text, and of its kind or narrower */
    void *out = PyMem_Malloc((size_t)(n > 0 ? n : 1) * (size_t)kind);
    if (out == NULL)
        return PyErr_NoMemory();
    Py_ssize_t len = 0;
    int pending = 0; /* white space seen since the last word */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(ch)) {
            pending = len > 0;
            continue;
        }
        if (pending) {
            PyUnicode_WRITE(kind, out, len, ' ');
            len++;
            pending = 0;
        }
        if (lower && ch >= 'A' && ch <= 'Z')
            ch += 'a' - 'A';
        PyUnicode_WRITE(kind, out, len, ch);
        len++;
    }
    PyObject *result = PyUnicode_FromKindAndData(kind, out, len);
    PyMem_Free(out);
    return result;
}

PyObject *tw_normalized_length(PyObject *module, PyObject *text) {
    (void)module;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "normalized_length() needs a str");
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t len = 0;
    int pending = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (is_xml_space(PyUnicode_READ(kind, data, i))) {
            pending = len > 0;
            continue;
        }
        len += pending + 1;
        pending = 0;
    }
    return PyLong_FromSsize_t(len);
}

#define CONTROL_BYTES 1
#define CONTROL_REFS 2

/* A byte that parse's _CONTROL removes (or turns into a space: VT and FF) */
static inline int is_control(unsigned char b) {
    return (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f;
}

/* The code points that a reference may not name (parse's _CONTROL_REF): 0-8, 11, 12, 14-31 */
static inline int is_control_point(unsigned long value) {
    return value <= 8 || value == 11 || value == 12 || (value >= 14 && value <= 31);
}

static inline int hex_value(unsigned char b) {
    if (b >= '0' && b <= '9')
        return b - '0';
    if (b >= 'a' && b <= 'f')
        return b - 'a' + 10;
    if (b >= 'A' && b <= 'F')
        return b - 'A' + 10;
    return -1;
}

/* Whether the bytes after an "&#" (``p`` up to ``end``) name a control point: a run of
   decimal digits, or x or X and a run of hex digits, whose value is one. The value is
   capped once past 31: any more digits keep it out of the set. */
static int control_ref(const unsigned char *p, const unsigned char *end) {
    unsigned long value = 0;
    int digits = 0;
    if (p < end && (*p == 'x' || *p == 'X')) {
        int d;
        for (p++; p < end && (d = hex_value(*p)) >= 0; p++, digits++)
            value = value > 31 ? value : value * 16 + (unsigned long)d;
    } else {
        for (; p < end && *p >= '0' && *p <= '9'; p++, digits++)
            value = value > 31 ? value : value * 10 + (unsigned long)(*p - '0');
    }
    return digits > 0 && is_control_point(value);
}

PyObject *tw_control_marks(PyObject *module, PyObject *raw) {
    (void)module;
    if (!PyBytes_Check(raw)) {
        PyErr_SetString(PyExc_TypeError, "control_marks() needs bytes");
        return NULL;
    }
    const unsigned char *start = (const unsigned char *)PyBytes_AS_STRING(raw);
    const unsigned char *end = start + PyBytes_GET_SIZE(raw);
    const unsigned char *p = start;
    long marks = 0;
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (; end - p >= 8 && !(marks & CONTROL_BYTES); p += 8) {
        uint64_t w, del;
        memcpy(&w, p, 8);
        del = w ^ (0x7fULL * ones);
        /* a byte below 0x20, or a zero byte of del (a DEL): maybe, with false alarms */
        if ((((w - 0x20ULL * ones) & ~w) | ((del - ones) & ~del)) & highs) {
            for (int i = 0; i < 8; i++)
                if (is_control(p[i]))
                    marks |= CONTROL_BYTES;
        }
    }
    for (; p < end && !(marks & CONTROL_BYTES); p++)
        if (is_control(*p))
            marks |= CONTROL_BYTES;
    for (p = start; p < end;) {
        const unsigned char *amp = memchr(p, '&', (size_t)(end - p));
        if (amp == NULL)
            break;
        if (amp + 1 < end && amp[1] == '#' && control_ref(amp + 2, end)) {
            marks |= CONTROL_REFS;
            break;
        }
        p = amp + 1;
    }
    return PyLong_FromLong(marks);
}
