/* What the files of the _treewalk module share: _treewalk.c (the module, and the text index's
   scan), _treetext.c (the reads of text, link text, attributes and text lines), _forest.c
   (the learned scorer's trees), _tokens.c (the class/id token rules' automaton) and
   _textscan.c (textutil's folds and parse's control check).
   See _treewalk.c for what they read and how their use is checked. */
#ifndef CLEANARTICLE_TREEWALK_H
#define CLEANARTICLE_TREEWALK_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <libxml/tree.h>
#include "etree.h" /* lxml's element and document objects (lxml's public C API) */

#define MAX_NAMES 8 /* attribute or tag names one call reads */
#define MAX_WORDS 16 /* words one call looks for in attribute values */

extern PyTypeObject *tw_element_type; /* lxml.etree._Element */

/* lxml's _textNodeOrSkip: a text or CDATA node, skipping XInclude markers */
static inline xmlNode *tw_text_or_skip(xmlNode *node) {
    while (node != NULL) {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
            return node;
        if (node->type == XML_XINCLUDE_START || node->type == XML_XINCLUDE_END)
            node = node->next;
        else
            return NULL;
    }
    return NULL;
}

/* An element named "a" without a namespace: a link, as the text index and XPath's ``a`` say */
static inline int tw_is_link(xmlNode *node) {
    return node->ns == NULL && node->name != NULL && node->name[0] == 'a' && node->name[1] == '\0';
}

/* lxml's _collectText: the text and CDATA nodes from ``first`` on, joined (an element's
   ``text`` from its first child, its ``tail`` from its next sibling). Their bytes, ``*len``
   long: a node's own content when it stands alone, else a buffer the caller frees
   (``*owned`` set). NULL when there is no such node (``*len`` 0), or with an exception set
   on a memory error (``*len`` -1). */
const unsigned char *tw_joined_text(xmlNode *first, Py_ssize_t *len, int *owned);

/* The element's libxml2 node, or NULL (no exception) for anything else: a comment, an
   entity, a processing instruction, a stranger object */
static inline xmlNode *tw_element_node(PyObject *el) {
    xmlNode *node;
    if (!PyObject_TypeCheck(el, tw_element_type))
        return NULL;
    node = ((struct LxmlElement *)el)->_c_node;
    return node != NULL && node->type == XML_ELEMENT_NODE ? node : NULL;
}

/* The proxy of a node of ``doc`` (lxml's elementFactory: the existing one, or a new one of
   the document's element class), a new reference; NULL with an exception on an error */
PyObject *tw_proxy(struct LxmlDocument *doc, xmlNode *node);

/* _treetext.c */
PyObject *tw_text(PyObject *module, PyObject *el);
PyObject *tw_prose(PyObject *module, PyObject *el);
PyObject *tw_words_meet(PyObject *module, PyObject *el);
PyObject *tw_carrying(PyObject *module, PyObject *args);
PyObject *tw_carrying_among(PyObject *module, PyObject *args);
PyObject *tw_text_lines(PyObject *module, PyObject *args);

/* _forest.c */
PyObject *tw_forest(PyObject *module, PyObject *args);

/* _tokens.c */
PyObject *tw_tokens(PyObject *module, PyObject *args);

/* _textscan.c */
PyObject *tw_squash(PyObject *module, PyObject *args);
PyObject *tw_normalized_length(PyObject *module, PyObject *text);
PyObject *tw_control_marks(PyObject *module, PyObject *raw);

#endif
