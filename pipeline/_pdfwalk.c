/* The page-object walk of pdf_tables.page_edges in C: the path objects of a page
 * (Form XObjects included), with their segment count and bounds.
 *
 * Why C: a page holds hundreds to thousands of text objects and a few dozen paths, and
 * finding the paths takes two pdfium calls per object. From Python each is a ctypes call
 * (about 0.3 us), which made the walk the largest single cost kehoach adds to a PDF page.
 * Here the same calls are plain C calls.
 *
 * No pdfium header is needed: the caller passes the addresses of pdfium's functions,
 * taken from pypdfium2's bindings of the library it has loaded, so this module runs
 * against whatever pdfium build pypdfium2 ships. pdf_tables.py keeps the walk in Python
 * for a machine where this module was not built; a test checks that both give the same edges.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef int (*count_fn)(void *);
typedef void *(*page_get_fn)(void *, int);
typedef void *(*form_get_fn)(void *, unsigned long);
typedef int (*bounds_fn)(void *, float *, float *, float *, float *);

typedef struct {
    count_fn page_count;
    page_get_fn page_get;
    count_fn form_count;
    form_get_fn form_get;
    count_fn object_type;
    count_fn count_segments;
    bounds_fn bounds;
    int path_type, form_type, max_depth;
} Api;

/* Appends (address, segments, box) for each path under parent; box is (left, bottom,
 * right, top) or None when pdfium has no bounds for it. -1 on a Python error. */
static int collect(const Api *api, void *parent, int is_form, int depth, PyObject *out) {
    int n = is_form ? api->form_count(parent) : api->page_count(parent);
    for (int i = 0; i < n; i++) {
        void *obj = is_form ? api->form_get(parent, (unsigned long)i) : api->page_get(parent, i);
        if (obj == NULL)
            continue;
        int kind = api->object_type(obj);
        if (kind == api->path_type) {
            float l, b, r, t;
            PyObject *item;
            if (api->bounds(obj, &l, &b, &r, &t))
                item = Py_BuildValue("(Ki(dddd))", (unsigned long long)(uintptr_t)obj,
                                     api->count_segments(obj), (double)l, (double)b, (double)r, (double)t);
            else
                item = Py_BuildValue("(KiO)", (unsigned long long)(uintptr_t)obj,
                                     api->count_segments(obj), Py_None);
            if (item == NULL)
                return -1;
            int failed = PyList_Append(out, item);
            Py_DECREF(item);
            if (failed)
                return -1;
        } else if (kind == api->form_type && depth < api->max_depth) {
            if (collect(api, obj, 1, depth + 1, out) < 0)
                return -1;
        }
    }
    return 0;
}

static PyObject *paths(PyObject *self, PyObject *args) {
    unsigned long long page, fns[7];
    Api api;
    if (!PyArg_ParseTuple(args, "K(KKKKKKK)iii:paths", &page, &fns[0], &fns[1], &fns[2], &fns[3],
                          &fns[4], &fns[5], &fns[6], &api.path_type, &api.form_type, &api.max_depth))
        return NULL;
    for (int k = 0; k < 7; k++) {
        if (fns[k] == 0) {
            PyErr_SetString(PyExc_ValueError, "paths: a pdfium function address is 0");
            return NULL;
        }
    }
    if (page == 0) {
        PyErr_SetString(PyExc_ValueError, "paths: the page handle is NULL");
        return NULL;
    }
    api.page_count = (count_fn)(uintptr_t)fns[0];
    api.page_get = (page_get_fn)(uintptr_t)fns[1];
    api.form_count = (count_fn)(uintptr_t)fns[2];
    api.form_get = (form_get_fn)(uintptr_t)fns[3];
    api.object_type = (count_fn)(uintptr_t)fns[4];
    api.count_segments = (count_fn)(uintptr_t)fns[5];
    api.bounds = (bounds_fn)(uintptr_t)fns[6];
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    if (collect(&api, (void *)(uintptr_t)page, 0, 0, out) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyMethodDef methods[] = {
    {"paths", paths, METH_VARARGS,
     "paths(page, (page_count, page_get, form_count, form_get, object_type, count_segments, bounds),"
     " path_type, form_type, max_depth) -> [(object, segments, (l, b, r, t) | None)]\n\n"
     "The path objects of a pdfium page, forms walked to max_depth, in content order."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdfwalk", NULL, -1, methods};

PyMODINIT_FUNC PyInit__pdfwalk(void) { return PyModule_Create(&module); }
