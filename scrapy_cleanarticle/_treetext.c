/* The reads of the tree that every stage shares, in C: a subtree's text, its text outside
   links, where its text nodes meet, the elements that carry an attribute, and the text lines
   around an element (``text``, ``prose``, ``words_meet``, ``carrying``, ``text_lines`` of the
   _treewalk module; _xpath.py holds their lxml-API references and checks these against
   them). See _treewalk.c. */
#include "_treewalk.h"

/* ---- the text of a subtree ---- */

/* What a walk of a subtree's text nodes found: UTF-8 bytes, code points (str length), and
   the code points inside <a> elements below the subtree's root */
typedef struct {
    Py_ssize_t bytes, chars, link_chars;
} TextSum;

/* What a walk of a subtree's text makes of a node: text (1), none of its own (0: an element, a
   comment, a processing instruction), or a kind that lxml reads its own way (-1: an entity
   reference, an XInclude marker) */
static inline int text_kind(const xmlNode *node) {
    switch (node->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        return 1;
    case XML_ELEMENT_NODE:
    case XML_COMMENT_NODE:
    case XML_PI_NODE:
        return 0;
    default:
        return -1;
    }
}

/* The text and CDATA nodes below ``top`` in document order, as libxml2's
   xmlNodeBufGetContent joins them for etree.tostring(el, method="text"), summed into ``sum``
   and copied to ``out`` as far as its ``room`` goes (all of it when sum->bytes <= room). 0
   when the walk meets a node kind read differently there (an entity reference, an XInclude
   marker): the caller then asks lxml. Elements, comments and processing instructions hold no
   text of their own. */
static int text_walk(xmlNode *top, TextSum *sum, unsigned char *out, Py_ssize_t room) {
    xmlNode *node = top->children;
    Py_ssize_t links = 0, at = 0;
    sum->bytes = sum->chars = sum->link_chars = 0;
    while (node != NULL) {
        int kind = text_kind(node);
        if (kind < 0)
            return 0;
        if (kind > 0 && node->content != NULL) {
            const unsigned char *s = node->content;
            Py_ssize_t len = (Py_ssize_t)strlen((const char *)s), chars = 0, i;
            for (i = 0; i < len; i++)
                chars += (s[i] & 0xC0) != 0x80;
            if (out != NULL && at + len <= room) {
                memcpy(out + at, s, len);
                at += len;
            } else {
                room = 0;  /* the rest is not copied either: the caller reads again */
            }
            sum->bytes += len;
            sum->chars += chars;
            if (links > 0)
                sum->link_chars += chars;
        }
        if (node->type == XML_ELEMENT_NODE && node->children != NULL) {
            links += tw_is_link(node);
            node = node->children;
            continue;
        }
        while (node->next == NULL) {
            node = node->parent;
            if (node == NULL || node == top)
                return 1;
            links -= tw_is_link(node);
        }
        node = node->next;
    }
    return 1;
}

#define TEXT_ROOM 2048  /* the blocks read one by one are short: their text fits on the stack */

PyObject *tw_text(PyObject *module, PyObject *el) {
    xmlNode *node = tw_element_node(el), *only;
    TextSum sum;
    PyObject *result;
    unsigned char room[TEXT_ROOM], *joined;
    (void)module;
    if (node == NULL)
        Py_RETURN_NONE;
    only = node->children;
    if (only != NULL && only->next == NULL && only->content != NULL
            && (only->type == XML_TEXT_NODE || only->type == XML_CDATA_SECTION_NODE))
        return PyUnicode_DecodeUTF8((const char *)only->content,
                                    (Py_ssize_t)strlen((const char *)only->content), NULL);
    if (!text_walk(node, &sum, room, TEXT_ROOM))
        Py_RETURN_NONE;
    if (sum.bytes <= TEXT_ROOM)
        return PyUnicode_DecodeUTF8((const char *)room, sum.bytes, NULL);
    joined = PyMem_Malloc(sum.bytes);
    if (joined == NULL)
        return PyErr_NoMemory();
    text_walk(node, &sum, joined, sum.bytes);
    result = PyUnicode_DecodeUTF8((const char *)joined, sum.bytes, NULL);
    PyMem_Free(joined);
    return result;
}

PyObject *tw_prose(PyObject *module, PyObject *el) {
    xmlNode *node = tw_element_node(el);
    TextSum sum;
    (void)module;
    if (node == NULL || !text_walk(node, &sum, NULL, 0))
        Py_RETURN_NONE;
    return PyLong_FromSsize_t(sum.chars - sum.link_chars);
}

/* ---- where text nodes meet ---- */

/* The code point that opens (``last`` 0) or ends (``last`` 1) the ``len`` > 0 bytes of UTF-8
   at ``s``: libxml2 stores a parsed page's text as valid UTF-8 */
static Py_UCS4 edge_char(const unsigned char *s, Py_ssize_t len, int last) {
    Py_ssize_t i = 0, n;
    Py_UCS4 c;
    if (last) {
        i = len - 1;
        while (i > 0 && (s[i] & 0xC0) == 0x80)
            i--;
    }
    c = s[i];
    if (c < 0x80)
        return c;
    n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    c &= n == 3 ? 0x07 : n == 2 ? 0x0F : 0x1F;
    while (n-- > 0 && ++i < len)
        c = (c << 6) | (s[i] & 0x3F);
    return c;
}

/* The node after ``node`` (``top`` or a node below it) in document order within ``top``'s
   subtree: an element's first child, else the next sibling of it or of its nearest ancestor
   below ``top``; NULL past the subtree's end */
static xmlNode *next_below(xmlNode *node, const xmlNode *top) {
    if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        return node->children;
    while (node != top && node->next == NULL)
        node = node->parent;
    return node == top ? NULL : node->next;
}

/* Whether two text nodes below the element ``el`` that follow each other in document order
   (empty ones passed over) meet without white space between them, as str.isspace() reads it:
   then " ".join of the subtree's text nodes has more words than its text. None when lxml
   must read it (see text_walk). */
PyObject *tw_words_meet(PyObject *module, PyObject *el) {
    xmlNode *top = tw_element_node(el), *node;
    int have = 0, open_end = 0;
    (void)module;
    if (top == NULL)
        Py_RETURN_NONE;
    for (node = top->children; node != NULL; node = next_below(node, top)) {
        int kind = text_kind(node);
        if (kind < 0)
            Py_RETURN_NONE;
        if (kind > 0 && node->content != NULL && node->content[0] != '\0') {
            const unsigned char *s = node->content;
            Py_ssize_t len = (Py_ssize_t)strlen((const char *)s);
            if (have && open_end && !Py_UNICODE_ISSPACE(edge_char(s, len, 0)))
                Py_RETURN_TRUE;
            have = 1;
            open_end = !Py_UNICODE_ISSPACE(edge_char(s, len, 1));
        }
    }
    Py_RETURN_FALSE;
}

/* ---- elements by attribute ---- */

/* The str names of ``tuple`` as UTF-8 (borrowed from the strs) into ``names``: their number,
   or -1 with an exception set when there are fewer than ``least`` or more than ``most``, or
   one is not a str */
static Py_ssize_t read_names(PyObject *tuple, const char **names, Py_ssize_t least,
                             Py_ssize_t most, const char *call) {
    Py_ssize_t n = PyTuple_GET_SIZE(tuple), k;
    if (n < least || n > most) {
        PyErr_Format(PyExc_ValueError, "%s reads %zd to %zd names or words", call, least, most);
        return -1;
    }
    for (k = 0; k < n; k++) {
        PyObject *name = PyTuple_GET_ITEM(tuple, k);
        if (!PyUnicode_Check(name)) {
            PyErr_Format(PyExc_TypeError, "%s: a name is a str, not %.80s", call,
                         Py_TYPE(name)->tp_name);
            return -1;
        }
        names[k] = PyUnicode_AsUTF8(name);
        if (names[k] == NULL)
            return -1;
    }
    return n;
}

/* Which words an attribute value is searched for, and how: one pass over the value, where a
   table of the words' first bytes says at which places a word may start (a strstr per word
   costs a call and a pass of its own, and most values hold none of a dozen words) */
typedef struct {
    const char **words;
    Py_ssize_t m;  /* how many; none: any value counts */
    int fold;  /* the value's ASCII letters in lower case (the words are searched as given);
                  a value with any other byte counts */
    int any;  /* an empty word: every value holds it */
    unsigned int first[256];  /* bit w set: words[w] opens with this byte */
} Words;

static void index_words(Words *look) {
    Py_ssize_t w;
    memset(look->first, 0, sizeof(look->first));
    look->any = 0;
    for (w = 0; w < look->m; w++) {
        unsigned char c = (unsigned char)look->words[w][0];
        if (c == 0)
            look->any = 1;
        else
            look->first[c] |= 1u << w;
    }
}

static inline unsigned char ascii_lower(unsigned char c) {
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

static int holds_word(const char *value, const Words *look) {
    const unsigned char *s = (const unsigned char *)value;
    Py_ssize_t i;
    if (look->any)
        return 1;
    for (i = 0; s[i]; i++) {
        unsigned char c = s[i];
        unsigned int bits;
        Py_ssize_t w;
        if (look->fold) {
            if (c >= 0x80)
                return 1;  /* its lower case may hold a word: the caller's test decides */
            c = ascii_lower(c);
        }
        bits = look->first[c];
        for (w = 0; bits != 0; w++, bits >>= 1) {
            const unsigned char *word = (const unsigned char *)look->words[w];
            Py_ssize_t k = 1;
            if (!(bits & 1u))
                continue;
            /* the value's NUL differs from every byte of a word: no read past its end */
            while (word[k] && word[k] == (look->fold ? ascii_lower(s[i + k]) : s[i + k]))
                k++;
            if (!word[k])
                return 1;
        }
    }
    return 0;
}

/* Whether the value of ``node``'s attribute ``attr`` holds one of the words: 1, 0, or -1
   with an exception set. A value of one text node (what libxml2's HTML parser leaves) is read
   in place; any other through lxml's get(), as attribute_value in _treewalk.c reads it. */
static int value_holds(xmlNode *node, xmlAttr *attr, struct LxmlDocument *doc,
                       const Words *look) {
    xmlNode *child = attr->children;
    const char *value;
    PyObject *got = NULL;
    int held;
    if (child == NULL) {
        value = "";
    } else if (child->next == NULL
               && (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)) {
        value = child->content != NULL ? (const char *)child->content : "";
    } else {
        PyObject *proxy = tw_proxy(doc, node);
        if (proxy == NULL)
            return -1;
        got = PyObject_CallMethod(proxy, "get", "s", (const char *)attr->name);
        Py_DECREF(proxy);
        if (got == NULL)
            return -1;
        value = got == Py_None ? NULL : PyUnicode_AsUTF8(got);
        if (value == NULL) {
            Py_DECREF(got);
            return PyErr_Occurred() ? -1 : 0;
        }
    }
    held = holds_word(value, look);
    Py_XDECREF(got);
    return held;
}

/* 1 when ``node`` carries one of the ``names`` without a namespace, and (with words) the
   value of the first such attribute of a name, as lxml's get() reads it, holds one of them;
   0 when not; -1 with an exception set */
static int has_attribute(xmlNode *node, struct LxmlDocument *doc, const char **names,
                         Py_ssize_t n, const Words *look) {
    xmlAttr *attr;
    Py_ssize_t k;
    int held;
    for (k = 0; k < n; k++) {
        for (attr = node->properties; attr != NULL; attr = attr->next) {
            if (attr->type == XML_ATTRIBUTE_NODE && attr->ns == NULL
                    && strcmp((const char *)attr->name, names[k]) == 0)
                break;
        }
        if (attr == NULL)
            continue;
        if (look->m == 0)
            return 1;
        held = value_holds(node, attr, doc, look);
        if (held != 0)
            return held;
    }
    return 0;
}

/* Appends to ``found`` the proxy of every element of ``top``'s subtree (``top`` itself only
   when ``with_top``) that carries one of the ``names`` without a namespace (holding one of
   the words, when there are any), in document order. 1 when done, 0 when the walk met a
   node kind read differently through lxml (an entity reference), -1 with an exception set on
   an error. */
static int collect_carrying(xmlNode *top, int with_top, const char **names, Py_ssize_t n,
                            const Words *look, struct LxmlDocument *doc, PyObject *found) {
    xmlNode *at;
    for (at = top; at != NULL; at = next_below(at, top)) {
        if (at->type == XML_ELEMENT_NODE) {
            if (with_top || at != top) {
                int has = has_attribute(at, doc, names, n, look);
                if (has < 0)
                    return -1;
                if (has) {
                    PyObject *proxy = tw_proxy(doc, at);
                    int failed = proxy == NULL || PyList_Append(found, proxy) < 0;
                    Py_XDECREF(proxy);
                    if (failed)
                        return -1;
                }
            }
        } else if (text_kind(at) < 0) {
            return 0;
        }
    }
    return 1;
}

/* The names and the words (none, or up to MAX_WORDS strs) of a call into ``names`` and
   ``look``, its words indexed: the number of names, or -1 with an exception set */
static Py_ssize_t read_query(PyObject *names_tuple, PyObject *words_tuple, const char **names,
                             Words *look, const char *call) {
    Py_ssize_t n = read_names(names_tuple, names, 1, MAX_NAMES, call);
    if (n < 0)
        return -1;
    look->m = words_tuple == NULL ? 0 : read_names(words_tuple, look->words, 0, MAX_WORDS, call);
    if (look->m < 0)
        return -1;
    index_words(look);
    return n;
}

PyObject *tw_carrying(PyObject *module, PyObject *args) {
    PyObject *el, *names_tuple, *words_tuple = NULL, *found;
    const char *names[MAX_NAMES], *words[MAX_WORDS];
    Words look = {words, 0, 0, 0, {0}};
    Py_ssize_t n;
    int below, done = 1;
    xmlNode *node, *top;
    struct LxmlDocument *doc;
    (void)module;
    if (!PyArg_ParseTuple(args, "OO!p|O!p:carrying", &el, &PyTuple_Type, &names_tuple, &below,
                          &PyTuple_Type, &words_tuple, &look.fold))
        return NULL;
    n = read_query(names_tuple, words_tuple, names, &look, "carrying");
    if (n < 0)
        return NULL;
    node = tw_element_node(el);
    if (node == NULL || node->doc == NULL)
        Py_RETURN_NONE;
    doc = ((struct LxmlElement *)el)->_doc;
    found = PyList_New(0);
    if (found == NULL)
        return NULL;
    if (below) {
        done = collect_carrying(node, 0, names, n, &look, doc, found);
    } else {  /* "//": every element of the document, in document order */
        for (top = node->doc->children; top != NULL && done == 1; top = top->next)
            if (top->type == XML_ELEMENT_NODE)
                done = collect_carrying(top, 1, names, n, &look, doc, found);
    }
    if (done == 1)
        return found;
    Py_DECREF(found);
    if (done < 0)
        return NULL;
    Py_RETURN_NONE;
}

PyObject *tw_carrying_among(PyObject *module, PyObject *args) {
    PyObject *elements, *names_tuple, *words_tuple, *found;
    const char *names[MAX_NAMES], *words[MAX_WORDS];
    Words look = {words, 0, 0, 0, {0}};
    Py_ssize_t n, i;
    (void)module;
    if (!PyArg_ParseTuple(args, "O!O!O!|p:carrying_among", &PyList_Type, &elements, &PyTuple_Type,
                          &names_tuple, &PyTuple_Type, &words_tuple, &look.fold))
        return NULL;
    n = read_query(names_tuple, words_tuple, names, &look, "carrying_among");
    if (n < 0)
        return NULL;
    found = PyList_New(0);
    if (found == NULL)
        return NULL;
    /* the list is read by index, its size each time: a value read through lxml's get() runs
       no code of the caller's, but nothing is assumed of the list across it */
    for (i = 0; i < PyList_GET_SIZE(elements); i++) {
        PyObject *el = PyList_GET_ITEM(elements, i);
        xmlNode *node = tw_element_node(el);
        int has = 0;
        if (node != NULL) {
            Py_INCREF(el);  /* held while a value of several nodes is read through lxml */
            has = has_attribute(node, ((struct LxmlElement *)el)->_doc, names, n, &look);
            if (has > 0 && PyList_Append(found, el) < 0)
                has = -1;
            Py_DECREF(el);
        }
        if (has < 0) {
            Py_DECREF(found);
            return NULL;
        }
    }
    return found;
}

/* ---- the text lines around an element ---- */

/* lxml's element-like nodes: what its iteration over children and siblings yields */
static int element_like(xmlNode *node) {
    return node->type == XML_ELEMENT_NODE || node->type == XML_COMMENT_NODE
        || node->type == XML_PI_NODE || node->type == XML_ENTITY_REF_NODE;
}

/* ``node`` or the nearest element-like node before it among its siblings, or NULL */
static xmlNode *element_like_back(xmlNode *node) {
    while (node != NULL && !element_like(node))
        node = node->prev;
    return node;
}

/* ``node`` or the nearest element after it among its siblings, or NULL */
static xmlNode *element_on(xmlNode *node) {
    while (node != NULL && node->type != XML_ELEMENT_NODE)
        node = node->next;
    return node;
}

static xmlNode *parent_element(xmlNode *node) {
    xmlNode *parent = node->parent;
    return parent != NULL && parent->type == XML_ELEMENT_NODE ? parent : NULL;
}

/* What a walk for text lines keeps: the lines found so far, how many it wants, the boxes
   whose own text is not read (tag names), and the document for the boxes' proxies */
typedef struct {
    PyObject *found;
    Py_ssize_t limit;
    const char **skip;
    Py_ssize_t n_skip;
    struct LxmlDocument *doc;
} Lines;

/* lxml's .text (``first`` = node->children) or .tail (``first`` = node->next) as a new str,
   when it holds a character other than XML white space; NULL without an exception when it
   is blank or absent, NULL with one on an error (``*failed`` set) */
static PyObject *shown_text(xmlNode *first, int *failed) {
    Py_ssize_t len, i;
    int owned;
    const unsigned char *joined = tw_joined_text(first, &len, &owned);
    PyObject *text = NULL;
    *failed = len < 0;
    if (joined == NULL)
        return NULL;
    for (i = 0; i < len; i++) {
        unsigned char c = joined[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            text = PyUnicode_DecodeUTF8((const char *)joined, len, NULL);
            *failed = text == NULL;
            break;
        }
    }
    if (owned)
        PyMem_Free((void *)joined);
    return text;
}

/* Adds (text, box, is_tail) when the text is not blank and the box's own text is read;
   1 when the walk has all the lines it wants, 0 to go on, -1 on an error */
static int add_line(Lines *lines, xmlNode *first, xmlNode *box, int is_tail) {
    PyObject *text, *proxy, *line;
    Py_ssize_t k;
    int failed;
    if (box != NULL && box->ns == NULL)
        for (k = 0; k < lines->n_skip; k++)
            if (strcmp((const char *)box->name, lines->skip[k]) == 0)
                return 0;
    text = shown_text(first, &failed);
    if (text == NULL)
        return failed ? -1 : 0;
    if (box != NULL) {
        proxy = tw_proxy(lines->doc, box);
        if (proxy == NULL) {
            Py_DECREF(text);
            return -1;
        }
    } else {
        proxy = Py_None;
        Py_INCREF(proxy);
    }
    line = PyTuple_Pack(3, text, proxy, is_tail ? Py_True : Py_False);
    Py_DECREF(text);
    Py_DECREF(proxy);
    if (line == NULL || PyList_Append(lines->found, line) < 0) {
        Py_XDECREF(line);
        return -1;
    }
    Py_DECREF(line);
    return PyList_GET_SIZE(lines->found) >= lines->limit;
}

/* The lines of ``top``'s subtree, ``top``'s own text first, in document order: each element's
   text, its children's lines, then each child's tail; nodes that are not elements are
   skipped with their tails */
static int lines_in(Lines *lines, xmlNode *top) {
    xmlNode *at = top;
    int done = add_line(lines, top->children, top, 0);
    while (done == 0) {
        xmlNode *child = element_on(at->children);
        if (child != NULL) {  /* the first element child: its text, then its own children */
            at = child;
            done = add_line(lines, at->children, at, 0);
            continue;
        }
        /* ``at`` is done: its tail, then its next element sibling, or up */
        while (at != top && done == 0) {
            xmlNode *next = element_on(at->next);
            done = add_line(lines, at->next, at->parent, 1);
            if (next != NULL) {
                at = next;
                if (done == 0)
                    done = add_line(lines, at->children, at, 0);
                break;
            }
            at = at->parent;
        }
        if (at == top)
            break;
    }
    return done;
}

/* The lines after ``el``'s subtree in document order (``following::text()``): its tail, each
   later sibling's lines and tail, then the same from its parent up */
static int lines_after(Lines *lines, xmlNode *el) {
    xmlNode *node = el;
    int done = 0;
    while (node != NULL && done == 0) {
        xmlNode *parent = parent_element(node), *sibling;
        done = add_line(lines, node->next, parent, 1);
        for (sibling = element_on(node->next); sibling != NULL && done == 0;
             sibling = element_on(sibling->next)) {
            done = lines_in(lines, sibling);
            if (done == 0)
                done = add_line(lines, sibling->next, parent, 1);
        }
        node = parent;
    }
    return done;
}

/* The lines of ``top``'s subtree and its tail in reverse document order: the tail, the
   children's from the last, then the element's own text */
static int lines_back(Lines *lines, xmlNode *top) {
    xmlNode *at = top;
    for (;;) {
        xmlNode *child;
        int done = add_line(lines, at->next, parent_element(at), 1);
        if (done != 0)
            return done;
        child = at->type == XML_ELEMENT_NODE ? element_like_back(at->last) : NULL;
        if (child != NULL) {
            at = child;
            continue;
        }
        for (;;) {
            xmlNode *prev;
            if (at->type == XML_ELEMENT_NODE) {
                done = add_line(lines, at->children, at, 0);
                if (done != 0)
                    return done;
            }
            if (at == top)
                return 0;
            prev = element_like_back(at->prev);
            if (prev != NULL) {
                at = prev;
                break;
            }
            at = at->parent;
        }
    }
}

/* The lines before ``el``, nearest first (``preceding::text()`` and the ancestors' own text
   before their first child) */
static int lines_before(Lines *lines, xmlNode *el) {
    xmlNode *node = el;
    int done = 0;
    while (node != NULL && done == 0) {
        xmlNode *parent = parent_element(node), *sibling;
        for (sibling = element_like_back(node->prev); sibling != NULL && done == 0;
             sibling = element_like_back(sibling->prev))
            done = lines_back(lines, sibling);
        if (parent != NULL && done == 0)
            done = add_line(lines, parent->children, parent, 0);
        node = parent;
    }
    return done;
}

PyObject *tw_text_lines(PyObject *module, PyObject *args) {
    PyObject *el, *skip_tuple;
    const char *skip[MAX_NAMES];
    Py_ssize_t limit;
    int before, done;
    xmlNode *node;
    Lines lines;
    (void)module;
    if (!PyArg_ParseTuple(args, "OnO!p:text_lines", &el, &limit, &PyTuple_Type, &skip_tuple,
                          &before))
        return NULL;
    lines.n_skip = read_names(skip_tuple, skip, 0, MAX_NAMES, "text_lines");
    if (lines.n_skip < 0)
        return NULL;
    node = tw_element_node(el);
    if (node == NULL)
        Py_RETURN_NONE;
    lines.found = PyList_New(0);
    if (lines.found == NULL)
        return NULL;
    if (limit <= 0)
        return lines.found;
    lines.limit = limit;
    lines.skip = skip;
    lines.doc = ((struct LxmlElement *)el)->_doc;
    done = before ? lines_before(&lines, node) : lines_after(&lines, node);
    if (done < 0) {
        Py_CLEAR(lines.found);
        return NULL;
    }
    return lines.found;
}

