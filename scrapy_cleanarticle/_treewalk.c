/* Reads of an lxml tree from its libxml2 nodes, in C.

   The text index (textindex.py) asks lxml for each element's tag, text, tail, parent, class,
   id and attribute count: seven calls per element, each building a Python object (a text is
   decoded to a str only to have its white space stripped and its length taken). ``scan``
   reads the same fields from the libxml2 nodes behind the elements that the caller already
   listed (``list(root.iter())``), so no proxy is made here, and returns what
   textindex.scan_python returns, value for value:

   - a text's length is counted on its UTF-8 bytes, between the first and the last code point
     that str.strip() keeps (Py_UNICODE_ISSPACE is what str.strip() tests);
   - a tag is decoded once per distinct name of the call (libxml2 keeps one copy of each name);
   - an attribute is read as lxml's get() reads it (the first one of that name without a
     namespace; no children is ""); a value made of several nodes, a namespaced tag and any
     node that is not an element are read through lxml itself, as scan_python reads them.

   The stages that run before the index exists, and those that read one block at a time, ask
   for a subtree's text, its text outside links, the elements that carry an attribute and the
   text lines around an element (``text``, ``prose``, ``carrying``, ``text_lines``; _xpath.py
   holds their lxml-API references). Through
   lxml each is a serializer or an XPath set-up per call, most of the cost on the short blocks
   read; here each is one walk of the nodes. Where such a walk meets a node kind that lxml
   reads its own way (an entity reference), it returns None and the caller asks lxml.

   _xpath.py and textindex.py use these only after checking, once per process, that they agree
   with the references on a sample tree: libxml2's node layout (libxml/tree.h) is read here,
   not called through an API. lxml's element object and the proxies of found elements come
   from lxml's public C API (lxml.etree_api.h).

   The module is built from three files: this one (the module, the scan), _treetext.c (the
   other reads) and _forest.c (the learned scorer's trees, which read arrays, not a tree of
   nodes); _treewalk.h holds what they share.
*/
#include "_treewalk.h"
/* lxml's public C API: elementFactory for the proxies of found elements, imported from
   lxml.etree at module import (its function pointers are this file's own) */
#include "lxml.etree_api.h"

PyTypeObject *tw_element_type = NULL;
static PyObject *str_tag = NULL, *str_get = NULL, *str_attrib = NULL;
static PyObject *str_class = NULL, *str_id = NULL, *str_space = NULL, *str_empty = NULL;
static PyObject *str_hidden = NULL, *str_aria_hidden = NULL, *str_style = NULL, *str_itemprop = NULL;

#define TAG_SLOTS 1024

typedef struct {
    const xmlChar *name;
    PyObject *tag; /* borrowed from the call's tag list */
    int junk;
} TagSlot;

static Py_UCS4 decode_at(const unsigned char *s, Py_ssize_t i, Py_ssize_t len, Py_ssize_t *width) {
    unsigned char b = s[i];
    if (b < 0x80) { *width = 1; return b; }
    if ((b & 0xE0) == 0xC0 && i + 1 < len) {
        *width = 2; return ((Py_UCS4)(b & 0x1F) << 6) | (s[i + 1] & 0x3F);
    }
    if ((b & 0xF0) == 0xE0 && i + 2 < len) {
        *width = 3;
        return ((Py_UCS4)(b & 0x0F) << 12) | ((Py_UCS4)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    }
    if (i + 3 < len) {
        *width = 4;
        return ((Py_UCS4)(b & 0x07) << 18) | ((Py_UCS4)(s[i + 1] & 0x3F) << 12)
            | ((Py_UCS4)(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
    }
    *width = 1;
    return b;
}

/* len(text.strip()) for UTF-8 bytes */
static Py_ssize_t stripped_length(const unsigned char *s, Py_ssize_t len) {
    Py_ssize_t start = 0, end = len, width, count = 0, i;
    while (start < len) {
        Py_UCS4 ch = decode_at(s, start, len, &width);
        if (!Py_UNICODE_ISSPACE(ch))
            break;
        start += width;
    }
    if (start >= len)
        return 0;
    while (end > start) {
        Py_ssize_t lead = end - 1;
        while (lead > start && (s[lead] & 0xC0) == 0x80)
            lead--;
        if (!Py_UNICODE_ISSPACE(decode_at(s, lead, len, &width)))
            break;
        end = lead;
    }
    for (i = start; i < end; i++)
        count += (s[i] & 0xC0) != 0x80;
    return count;
}

const unsigned char *tw_joined_text(xmlNode *first, Py_ssize_t *len, int *owned) {
    xmlNode *node = tw_text_or_skip(first), *other;
    Py_ssize_t at = 0;
    unsigned char *joined;
    *len = 0;
    *owned = 0;
    if (node == NULL)
        return NULL;
    if (tw_text_or_skip(node->next) == NULL) {
        const unsigned char *own = node->content ? node->content : (const unsigned char *)"";
        *len = (Py_ssize_t)strlen((const char *)own);
        return own;
    }
    for (other = node; other != NULL; other = tw_text_or_skip(other->next))
        *len += other->content ? (Py_ssize_t)strlen((const char *)other->content) : 0;
    joined = PyMem_Malloc(*len + 1);
    if (joined == NULL) {
        *len = -1;
        PyErr_NoMemory();
        return NULL;
    }
    for (other = node; other != NULL; other = tw_text_or_skip(other->next)) {
        if (other->content) {
            Py_ssize_t part = (Py_ssize_t)strlen((const char *)other->content);
            memcpy(joined + at, other->content, part);
            at += part;
        }
    }
    *owned = 1;
    return joined;
}

/* len(t.strip()) if (t := <the text nodes from first on>) else 0, as lxml's _collectText
   joins them; -1 with an exception set on a memory error */
static Py_ssize_t text_length(xmlNode *first) {
    Py_ssize_t len, result;
    int owned;
    const unsigned char *text = tw_joined_text(first, &len, &owned);
    if (text == NULL)
        return len;
    result = stripped_length(text, len);
    if (owned)
        PyMem_Free((void *)text);
    return result;
}

/* The first "class" and "id" attributes without a namespace, as libxml2's xmlGetNoNsProp
   finds each, and the number of attributes (lxml's len(el.attrib)), in one pass */
static Py_ssize_t plain_attributes(xmlNode *node, xmlAttr **cls, xmlAttr **ident) {
    xmlAttr *attr;
    Py_ssize_t n = 0;
    *cls = *ident = NULL;
    for (attr = node->properties; attr != NULL; attr = attr->next) {
        if (attr->type != XML_ATTRIBUTE_NODE)
            continue;
        n++;
        if (attr->ns != NULL)
            continue;
        if (*cls == NULL && strcmp((const char *)attr->name, "class") == 0)
            *cls = attr;
        else if (*ident == NULL && strcmp((const char *)attr->name, "id") == 0)
            *ident = attr;
    }
    return n;
}

/* The value lxml's get() returns, a new reference (None when absent); NULL on error */
static PyObject *attribute_value(PyObject *el, xmlAttr *attr, PyObject *key) {
    xmlNode *child;
    if (attr == NULL)
        Py_RETURN_NONE;
    child = attr->children;
    if (child == NULL) {
        Py_INCREF(str_empty);
        return str_empty;
    }
    if (child->next == NULL && child->content != NULL
            && (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE))
        return PyUnicode_DecodeUTF8((const char *)child->content,
                                    (Py_ssize_t)strlen((const char *)child->content), NULL);
    return PyObject_CallMethodOneArg(el, str_get, key);
}

/* The attributes an element with more than its class and id may hide behind or name its story
   with (textindex._collect): the first of each name without a namespace, as lxml's get() */
typedef struct {
    xmlAttr *hidden, *aria_hidden, *style, *itemprop;
} RareAttributes;

static void rare_attributes(xmlNode *node, RareAttributes *found) {
    xmlAttr *attr;
    memset(found, 0, sizeof(*found));
    for (attr = node->properties; attr != NULL; attr = attr->next) {
        const char *name = (const char *)attr->name;
        xmlAttr **slot;
        if (attr->type != XML_ATTRIBUTE_NODE || attr->ns != NULL)
            continue;
        if (strcmp(name, "hidden") == 0)
            slot = &found->hidden;
        else if (strcmp(name, "aria-hidden") == 0)
            slot = &found->aria_hidden;
        else if (strcmp(name, "style") == 0)
            slot = &found->style;
        else if (strcmp(name, "itemprop") == 0)
            slot = &found->itemprop;
        else
            continue;
        if (*slot == NULL)
            *slot = attr;
    }
}

/* The value of one text node that lxml's get() returns for ``attr`` (NULL: absent, or made
   of several nodes, for lxml to read) */
static const unsigned char *single_value(xmlAttr *attr, int *several) {
    xmlNode *child;
    *several = 0;
    if (attr == NULL)
        return NULL;
    child = attr->children;
    if (child == NULL)
        return (const unsigned char *)"";
    if (child->next == NULL && child->content != NULL
            && (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE))
        return child->content;
    *several = 1;
    return NULL;
}

static int is_article_body(const unsigned char *value) {
    static const char target[] = "articlebody";
    size_t i;
    for (i = 0; target[i] != '\0'; i++) {
        unsigned char c = value[i];
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (c != (unsigned char)target[i])
            return 0;
    }
    return value[i] == '\0';
}

/* The hiding and story-body flags of an element with more attributes than its class and id,
   as textindex._collect reads them through lxml: get("hidden") or get("aria-hidden") is
   not None, or get("style") is not empty; get("itemprop").lower() == "articlebody". Read
   through lxml for a node the struct reading leaves to it (``plain`` 0), and for a value made
   of several nodes. -1 with an exception set on an error. */
static int rare_flags(PyObject *el, xmlNode *node, int plain, int *hiding, int *body) {
    RareAttributes found;
    const unsigned char *style = NULL, *itemprop = NULL;
    int style_several = 0, itemprop_several = 0;
    if (plain) {
        rare_attributes(node, &found);
        style = single_value(found.style, &style_several);
        itemprop = single_value(found.itemprop, &itemprop_several);
    }
    if (!plain || style_several || itemprop_several) {
        PyObject *keys[4] = {str_hidden, str_aria_hidden, str_style, str_itemprop};
        PyObject *values[4] = {NULL, NULL, NULL, NULL};
        int k, failed = 0;
        for (k = 0; k < 4 && !failed; k++) {
            values[k] = PyObject_CallMethodOneArg(el, str_get, keys[k]);
            failed = values[k] == NULL;
        }
        if (!failed) {
            *hiding = values[0] != Py_None || values[1] != Py_None || PyObject_IsTrue(values[2]);
            *body = 0;
            if (PyUnicode_Check(values[3])) {
                PyObject *low = PyObject_CallMethod(values[3], "lower", NULL);
                failed = low == NULL;
                *body = !failed && PyUnicode_CompareWithASCIIString(low, "articlebody") == 0;
                Py_XDECREF(low);
            }
            failed = failed || *hiding < 0;
        }
        for (k = 0; k < 4; k++)
            Py_XDECREF(values[k]);
        return failed ? -1 : 0;
    }
    *hiding = found.hidden != NULL || found.aria_hidden != NULL
        || (style != NULL && style[0] != '\0');
    *body = itemprop != NULL && is_article_body(itemprop);
    return 0;
}

static int append_position(PyObject *list, Py_ssize_t i) {
    PyObject *where = PyLong_FromSsize_t(i);
    int failed = where == NULL || PyList_Append(list, where) < 0;
    Py_XDECREF(where);
    return failed ? -1 : 0;
}

static PyObject *long_list(const Py_ssize_t *values, Py_ssize_t n) {
    PyObject *list = PyList_New(n);
    Py_ssize_t i;
    if (list == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        PyObject *v = PyLong_FromSsize_t(values[i]);
        if (v == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, v);
    }
    return list;
}

/* What a node that is not a plain element says: through lxml, as scan_python asks */
static int read_through_lxml(PyObject *el, PyObject **cls, PyObject **ident, Py_ssize_t *count) {
    PyObject *attrib;
    *cls = PyObject_CallMethodOneArg(el, str_get, str_class);
    if (*cls == NULL)
        return -1;
    *ident = PyObject_CallMethodOneArg(el, str_get, str_id);
    if (*ident == NULL)
        return -1;
    attrib = PyObject_GetAttr(el, str_attrib);
    if (attrib == NULL)
        return -1;
    *count = PyObject_Length(attrib);
    Py_DECREF(attrib);
    return *count < 0 ? -1 : 0;
}

static PyObject *scan(PyObject *module, PyObject *args) {
    PyObject *order, *junk, *result = NULL;
    PyObject *tags = NULL, *classes = NULL, *names = NULL, *hiding = NULL, *bodies = NULL;
    PyObject *parents_list = NULL, *size_list = NULL, *links_list = NULL;
    Py_ssize_t n, i, top = 0, depth;
    Py_ssize_t *parents = NULL, *size = NULL, *tails = NULL, *links = NULL, *height = NULL;
    Py_ssize_t *stack = NULL;
    char *is_link = NULL;
    xmlNode **nodes = NULL;
    TagSlot slots[TAG_SLOTS];
    (void)module;

    if (!PyArg_ParseTuple(args, "O!O!:scan", &PyList_Type, &order, &PyFrozenSet_Type, &junk))
        return NULL;
    n = PyList_GET_SIZE(order);
    if (n == 0)
        return PyErr_Format(PyExc_ValueError, "scan needs the root first");
    memset(slots, 0, sizeof(slots));
    nodes = PyMem_Malloc(n * sizeof(xmlNode *));
    parents = PyMem_Malloc(n * sizeof(Py_ssize_t));
    size = PyMem_Calloc(n, sizeof(Py_ssize_t));
    tails = PyMem_Calloc(n, sizeof(Py_ssize_t));
    links = PyMem_Calloc(n, sizeof(Py_ssize_t));
    height = PyMem_Calloc(n, sizeof(Py_ssize_t));
    stack = PyMem_Malloc(n * sizeof(Py_ssize_t));
    is_link = PyMem_Calloc(n, 1);
    tags = PyList_New(n);
    classes = PyList_New(n);
    names = PyList_New(n);
    hiding = PyList_New(0);
    bodies = PyList_New(0);
    if (!nodes || !parents || !size || !tails || !links || !height || !stack || !is_link) {
        PyErr_NoMemory();
        goto done;
    }
    if (!tags || !classes || !names || !hiding || !bodies)
        goto done;

    for (i = 0; i < n; i++) {
        PyObject *el = PyList_GET_ITEM(order, i), *tag, *cls, *ident, *name;
        xmlNode *node;
        xmlAttr *cls_attr, *id_attr;
        Py_ssize_t count, text;
        int junk_tag = 0, plain = 0;
        if (!PyObject_TypeCheck(el, tw_element_type)) {
            PyErr_Format(PyExc_TypeError, "scan needs lxml elements, got %.80s", Py_TYPE(el)->tp_name);
            goto done;
        }
        node = ((struct LxmlElement *)el)->_c_node;
        if (node == NULL) {
            PyErr_SetString(PyExc_ValueError, "an element without its node");
            goto done;
        }
        nodes[i] = node;
        /* the parent: the nearest node on the path from the root to the last one */
        if (i == 0) {
            parents[0] = -1;
        } else {
            while (top > 0 && nodes[stack[top - 1]] != node->parent)
                top--;
            if (top == 0) {
                PyErr_SetString(PyExc_ValueError, "scan needs the subtree in document order");
                goto done;
            }
            parents[i] = stack[top - 1];
        }
        stack[top++] = i;
        tails[i] = text_length(node->next);
        if (tails[i] < 0)
            goto done;
        if (node->type == XML_ELEMENT_NODE && node->ns == NULL && node->name != NULL) {
            size_t h = ((size_t)node->name >> 4) % TAG_SLOTS, probe;
            TagSlot *slot = NULL;
            for (probe = 0; probe < 8; probe++) {
                TagSlot *s = &slots[(h + probe) % TAG_SLOTS];
                if (s->name == node->name || s->name == NULL) {
                    slot = s;
                    break;
                }
            }
            if (slot != NULL && slot->name == node->name) {
                tag = slot->tag;
                Py_INCREF(tag);
                junk_tag = slot->junk;
            } else {
                tag = PyUnicode_DecodeUTF8((const char *)node->name,
                                           (Py_ssize_t)strlen((const char *)node->name), NULL);
                if (tag == NULL)
                    goto done;
                junk_tag = PySet_Contains(junk, tag);
                if (junk_tag < 0) {
                    Py_DECREF(tag);
                    goto done;
                }
                if (slot != NULL) {
                    slot->name = node->name;
                    slot->tag = tag;
                    slot->junk = junk_tag;
                }
            }
            PyList_SET_ITEM(tags, i, tag);
            is_link[i] = tw_is_link(node);
            text = junk_tag ? 0 : text_length(node->children);
            if (text < 0)
                goto done;
            size[i] = text;
            plain = 1;
            count = plain_attributes(node, &cls_attr, &id_attr);
            cls = attribute_value(el, cls_attr, str_class);
            if (cls == NULL)
                goto done;
            ident = attribute_value(el, id_attr, str_id);
            if (ident == NULL) {
                Py_DECREF(cls);
                goto done;
            }
        } else {
            tag = PyObject_GetAttr(el, str_tag);
            if (tag == NULL)
                goto done;
            PyList_SET_ITEM(tags, i, tag);
            if (PyUnicode_CheckExact(tag)) {  /* a namespaced element: "{uri}name" */
                junk_tag = PySet_Contains(junk, tag);
                if (junk_tag < 0)
                    goto done;
                is_link[i] = PyUnicode_CompareWithASCIIString(tag, "a") == 0;
                text = junk_tag ? 0 : text_length(node->children);
                if (text < 0)
                    goto done;
                size[i] = text;
            }  /* else an entity, comment or processing instruction: no text */
            if (read_through_lxml(el, &cls, &ident, &count) < 0)
                goto done;
        }
        if (cls == Py_None && ident == Py_None) {
            Py_INCREF(Py_None);
            name = Py_None;
        } else {
            PyObject *left = cls == Py_None ? str_empty : cls, *right = ident == Py_None ? str_empty : ident;
            PyObject *half = PyUnicode_Concat(left, str_space);
            name = half ? PyUnicode_Concat(half, right) : NULL;
            Py_XDECREF(half);
        }
        PyList_SET_ITEM(classes, i, cls);
        if (name == NULL) {
            Py_DECREF(ident);
            goto done;
        }
        PyList_SET_ITEM(names, i, name);
        if (count > (cls != Py_None) + (ident != Py_None)) {
            int hides = 0, body = 0;
            if (rare_flags(el, node, plain, &hides, &body) < 0
                    || (hides && append_position(hiding, i) < 0)
                    || (body && append_position(bodies, i) < 0)) {
                Py_DECREF(ident);
                goto done;
            }
        }
        Py_DECREF(ident);
    }

    /* reverse document order: every descendant is final before its ancestor is reached */
    for (i = n - 1; i > 0; i--) {
        Py_ssize_t p = parents[i];
        if (is_link[i])
            links[i] = size[i];
        size[p] += size[i] + tails[i];
        links[p] += links[i];
        if (height[i] >= height[p])
            height[p] = height[i] + 1;
    }
    if (is_link[0])
        links[0] = size[0];
    depth = height[0];

    parents_list = long_list(parents, n);
    size_list = parents_list ? long_list(size, n) : NULL;
    links_list = size_list ? long_list(links, n) : NULL;
    if (links_list != NULL) {
        /* "N" hands over the reference, on failure too */
        result = Py_BuildValue("(NONNnOONN)", parents_list, tags, size_list, links_list, depth,
                               classes, names, hiding, bodies);
        hiding = bodies = NULL;
    } else {
        Py_XDECREF(parents_list);
        Py_XDECREF(size_list);
    }

done:
    PyMem_Free(nodes);
    PyMem_Free(parents);
    PyMem_Free(size);
    PyMem_Free(tails);
    PyMem_Free(links);
    PyMem_Free(height);
    PyMem_Free(stack);
    PyMem_Free(is_link);
    Py_XDECREF(tags);
    Py_XDECREF(classes);
    Py_XDECREF(names);
    Py_XDECREF(hiding);
    Py_XDECREF(bodies);
    return result;
}

PyObject *tw_proxy(struct LxmlDocument *doc, xmlNode *node) {
    return (PyObject *)elementFactory(doc, node);
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS,
     "scan(order, junk) -> (parents, tags, sizes, link_sizes, depth, classes, names, hiding, "
     "bodies): "
     "textindex.scan_python's reading of the listed elements, from their libxml2 nodes."},
    {"text", tw_text, METH_O,
     "text(el) -> etree.tostring(el, method='text', encoding='unicode', with_tail=False), "
     "or None when lxml must read it."},
    {"prose", tw_prose, METH_O,
     "prose(el) -> the length of el's text outside <a> elements below it, or None when lxml "
     "must read it."},
    {"words_meet", tw_words_meet, METH_O,
     "words_meet(el) -> whether two text nodes below el that follow each other meet without "
     "white space (str.isspace) between them, or None when lxml must read it."},
    {"carrying", tw_carrying, METH_VARARGS,
     "carrying(el, names, below[, words[, fold]]) -> the elements that carry one of the "
     "attributes named (whose value holds one of the words, when given; with fold, in ASCII "
     "lower case): of el's document (XPath //@name/..), or with below of el's descendants; "
     "None when lxml must read it (_xpath.carrying_below_python says what counts)."},
    {"carrying_among", tw_carrying_among, METH_VARARGS,
     "carrying_among(elements, names, words[, fold]) -> the elements of the list that "
     "carry(el, names, True, words, fold) would keep."},
    {"text_lines", tw_text_lines, METH_VARARGS,
     "text_lines(el, limit, skip, before) -> the first limit (text, box, is_tail) lines after "
     "el's subtree in document order, or before el nearest first; None for a node that is "
     "not an element."},
    {"forest", tw_forest, METH_VARARGS,
     "forest(x, width, nodes, leaves, roots, depth, out): each (row, tree) pair's leaf value "
     "into out (see _forest.c)."},
    {"tokens", tw_tokens, METH_VARARGS,
     "tokens(low, table) -> the index of the token rule that decides the lower-cased class "
     "value low, or -1 (see _tokens.c)."},
    {"squash", tw_squash, METH_VARARGS,
     "squash(text[, lower]) -> ' '.join(text.split()), with lower A-Z as a-z as well "
     "(see _textscan.c)."},
    {"normalized_length", tw_normalized_length, METH_O,
     "normalized_length(text) -> XPath's string-length(normalize-space(text))."},
    {"control_marks", tw_control_marks, METH_O,
     "control_marks(raw) -> 1 when the bytes hold an ASCII control that parse removes, | 2 "
     "when they hold a numeric reference to one (see _textscan.c)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_treewalk",
    "The text index's reading of an lxml tree, from its libxml2 nodes (see _treewalk.c).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__treewalk(void) {
    PyObject *etree = PyImport_ImportModule("lxml.etree");
    if (etree == NULL)
        return NULL;
    tw_element_type = (PyTypeObject *)PyObject_GetAttrString(etree, "_Element");
    Py_DECREF(etree);
    if (tw_element_type == NULL)
        return NULL;
    if (!PyType_Check(tw_element_type)) {
        PyErr_SetString(PyExc_ImportError, "lxml.etree._Element is not a type");
        return NULL;
    }
    if (import_lxml__etree() < 0) {
        PyObject *type, *value, *trace;
        PyErr_Fetch(&type, &value, &trace);
        PyErr_Format(PyExc_ImportError, "lxml.etree's C API: %S", value ? value : Py_None);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(trace);
        return NULL;
    }
    str_tag = PyUnicode_InternFromString("tag");
    str_get = PyUnicode_InternFromString("get");
    str_attrib = PyUnicode_InternFromString("attrib");
    str_class = PyUnicode_InternFromString("class");
    str_id = PyUnicode_InternFromString("id");
    str_space = PyUnicode_InternFromString(" ");
    str_empty = PyUnicode_InternFromString("");
    str_hidden = PyUnicode_InternFromString("hidden");
    str_aria_hidden = PyUnicode_InternFromString("aria-hidden");
    str_style = PyUnicode_InternFromString("style");
    str_itemprop = PyUnicode_InternFromString("itemprop");
    if (!str_tag || !str_get || !str_attrib || !str_class || !str_id || !str_space || !str_empty
            || !str_hidden || !str_aria_hidden || !str_style || !str_itemprop)
        return NULL;
    return PyModule_Create(&module_def);
}
