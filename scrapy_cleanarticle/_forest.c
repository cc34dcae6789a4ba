/* The learned block scorer's trees, walked in C (scorer.TreeModel.probability).

   The numpy walk moves every (unit, tree) pair one level per array step: seven passes over
   an n x trees array per level, and each level's gathers wait on the last. Here each tree is
   walked for sixteen units at a time: the tree's nodes stay in the cache, and the sixteen
   walks are independent loads that the processor overlaps.

   ``forest(x, nodes, leaves, roots, depth, out)`` writes each (unit, tree) pair's leaf value
   into ``out`` (n x trees, row-major); the caller sums the rows with numpy, as the numpy walk
   does, so the probabilities are the same to the last bit. ``nodes`` is the bytes of the Node
   records (below) that scorer.TreeModel builds from the model and checks: every child is a
   node of the forest and every column below ``x``'s width, which this function checks too. A
   leaf is its own child on both sides, so a walk that reaches it stays there. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#include "_treewalk.h"

typedef struct {
    double split;     /* go to child[1] when x[column] <= split (NaN goes to child[0]) */
    int32_t column;
    int32_t child[2]; /* [0]: the right child, [1]: the left one */
    int32_t pad;
} Node;

#define LANES 16

/* ``obj``'s bytes, C-contiguous, in records of ``size`` bytes; ``item``: the size its items
   must have (1: any, for a bytes object of records) */
static int get_buffer(PyObject *obj, Py_buffer *view, int writable, Py_ssize_t item,
                      size_t size, const char *name) {
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | (writable ? PyBUF_WRITABLE : 0)) < 0)
        return -1;
    if ((item > 1 && view->itemsize != item) || view->len % (Py_ssize_t)size != 0) {
        PyErr_Format(PyExc_ValueError, "forest: %s is not made of %zd-byte items", name,
                     (Py_ssize_t)size);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* Every child a node of the forest, every column below ``width``: read once per call, as
   cheap as a sixth of one tree level. */
static int nodes_valid(const Node *nodes, Py_ssize_t count, Py_ssize_t width) {
    for (Py_ssize_t k = 0; k < count; k++) {
        const Node *p = nodes + k;
        if (p->column < 0 || p->column >= width || p->child[0] < 0 || p->child[0] >= count
                || p->child[1] < 0 || p->child[1] >= count)
            return 0;
    }
    return 1;
}

static void walk(const double *x, Py_ssize_t n, Py_ssize_t width, const Node *nodes,
                 const double *leaves, const int32_t *roots, Py_ssize_t trees, int depth,
                 double *out) {
    for (Py_ssize_t t = 0; t < trees; t++) {
        const int32_t root = roots[t];
        Py_ssize_t r = 0;
        for (; r + LANES <= n; r += LANES) {
            int32_t at[LANES];
            const double *rows = x + r * width;
            for (int k = 0; k < LANES; k++)
                at[k] = root;
            for (int level = 0; level < depth; level++)
                for (int k = 0; k < LANES; k++) {
                    const Node *p = nodes + at[k];
                    at[k] = p->child[rows[k * width + p->column] <= p->split];
                }
            for (int k = 0; k < LANES; k++)
                out[(r + k) * trees + t] = leaves[at[k]];
        }
        for (; r < n; r++) {
            const double *row = x + r * width;
            int32_t at = root;
            for (int level = 0; level < depth; level++) {
                const Node *p = nodes + at;
                at = p->child[row[p->column] <= p->split];
            }
            out[r * trees + t] = leaves[at];
        }
    }
}

PyObject *tw_forest(PyObject *module, PyObject *args) {
    PyObject *x_obj, *nodes_obj, *leaves_obj, *roots_obj, *out_obj;
    Py_ssize_t width;
    int depth;
    Py_buffer x, nodes, leaves, roots, out;
    PyObject *result = NULL;
    (void)module;
    if (!PyArg_ParseTuple(args, "OnOOOiO:forest", &x_obj, &width, &nodes_obj, &leaves_obj,
                          &roots_obj, &depth, &out_obj))
        return NULL;
    if (width <= 0 || depth < 0) {
        PyErr_SetString(PyExc_ValueError, "forest: width must be positive, depth not negative");
        return NULL;
    }
    if (get_buffer(x_obj, &x, 0, sizeof(double), sizeof(double), "x") < 0)
        return NULL;
    if (get_buffer(nodes_obj, &nodes, 0, 1, sizeof(Node), "nodes") < 0)
        goto release_x;
    if (get_buffer(leaves_obj, &leaves, 0, sizeof(double), sizeof(double), "leaves") < 0)
        goto release_nodes;
    if (get_buffer(roots_obj, &roots, 0, sizeof(int32_t), sizeof(int32_t), "roots") < 0)
        goto release_leaves;
    if (get_buffer(out_obj, &out, 1, sizeof(double), sizeof(double), "out") < 0)
        goto release_roots;
    {
        Py_ssize_t count = nodes.len / (Py_ssize_t)sizeof(Node);
        Py_ssize_t n = x.len / (Py_ssize_t)sizeof(double) / width;
        Py_ssize_t trees = roots.len / (Py_ssize_t)sizeof(int32_t);
        const int32_t *root = roots.buf;
        int ok = x.len == n * width * (Py_ssize_t)sizeof(double)
                 && leaves.len == count * (Py_ssize_t)sizeof(double)
                 && out.len == n * trees * (Py_ssize_t)sizeof(double)
                 && nodes_valid(nodes.buf, count, width);
        for (Py_ssize_t t = 0; ok && t < trees; t++)
            ok = root[t] >= 0 && root[t] < count;
        if (!ok) {
            PyErr_SetString(PyExc_ValueError,
                            "forest: x, nodes, leaves, roots and out do not fit together");
        } else {
            Py_BEGIN_ALLOW_THREADS
            walk(x.buf, n, width, nodes.buf, leaves.buf, root, trees, depth, out.buf);
            Py_END_ALLOW_THREADS
            Py_INCREF(Py_None);
            result = Py_None;
        }
    }
    PyBuffer_Release(&out);
release_roots:
    PyBuffer_Release(&roots);
release_leaves:
    PyBuffer_Release(&leaves);
release_nodes:
    PyBuffer_Release(&nodes);
release_x:
    PyBuffer_Release(&x);
    return result;
}
