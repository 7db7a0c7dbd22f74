/* Two loops of pdf_tables over a pdfium page, in C.
 *
 * paths(): the page-object walk of page_edges: the path objects of a page (Form
 * XObjects included), with their segment count and bounds. A page holds hundreds to
 * thousands of text objects and a few dozen paths, and finding the paths takes two
 * pdfium calls per object. From Python each is a ctypes call (about 0.3 us), which made
 * the walk the largest single cost kehoach adds to a PDF page.
 *
 * page_chars() and box_text(): the text inside a table cell's box, as pdfium's
 * FPDFText_GetBoundedText gives it. pdfium walks every character of the page for each
 * cell (through a std::function and a growing WideString: about 5 ns a character);
 * here the page's characters are read once into an array and each cell runs the same
 * predicate over plain floats (CPDF_TextPage::GetTextByPredicate with
 * GetTextByRect's rectangle test, pdfium core/fpdftext/cpdf_textpage.cpp).
 *
 * No pdfium header is needed: the caller passes the addresses of pdfium's functions,
 * taken from pypdfium2's bindings of the library it has loaded, so this module runs
 * against whatever pdfium build pypdfium2 ships. Where this module was not built,
 * pdf_tables.py walks the page in Python and asks pdfium for each cell's text; tests
 * check that both ways give the same edges and the same cell texts on the sample PDFs.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
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

/* One character of a text page: its box, its origin's y and its code point. */
typedef struct {
    float left, right, bottom, top, origin_y;
    uint32_t unicode;
} Char;

typedef int (*char_count_fn)(void *);
typedef unsigned int (*unicode_fn)(void *, int);
typedef int (*char_box_fn)(void *, int, double *, double *, double *, double *);
typedef int (*char_origin_fn)(void *, int, double *, double *);

static PyObject *page_chars(PyObject *self, PyObject *args) {
    unsigned long long textpage, fns[4];
    if (!PyArg_ParseTuple(args, "K(KKKK):page_chars", &textpage, &fns[0], &fns[1], &fns[2], &fns[3]))
        return NULL;
    if (textpage == 0 || !fns[0] || !fns[1] || !fns[2] || !fns[3]) {
        PyErr_SetString(PyExc_ValueError, "page_chars: a NULL text page or function address");
        return NULL;
    }
    void *tp = (void *)(uintptr_t)textpage;
    int n = ((char_count_fn)(uintptr_t)fns[0])(tp);
    if (n < 0)
        n = 0;
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n * (Py_ssize_t)sizeof(Char));
    if (out == NULL)
        return NULL;
    Char *chars = (Char *)PyBytes_AS_STRING(out);
    for (int i = 0; i < n; i++) {
        double l = 0, r = 0, b = 0, t = 0, x = 0, y = 0;
        ((char_box_fn)(uintptr_t)fns[2])(tp, i, &l, &r, &b, &t);
        ((char_origin_fn)(uintptr_t)fns[3])(tp, i, &x, &y);
        /* pdfium keeps these as floats: the doubles it hands out convert back exactly.
         * Intersect normalizes the character's box (CFX_FloatRect::Normalize): stored so */
        Char c = {(float)l, (float)r, (float)b, (float)t, (float)y, ((unicode_fn)(uintptr_t)fns[1])(tp, i)};
        if (c.left > c.right) {
            float swap = c.left;
            c.left = c.right;
            c.right = swap;
        }
        if (c.bottom > c.top) {
            float swap = c.bottom;
            c.bottom = c.top;
            c.top = swap;
        }
        chars[i] = c;
    }
    return out;
}

/* std::max and std::min as written (NaN compares as they do) */
static float max_of(float a, float b) { return a < b ? b : a; }
static float min_of(float a, float b) { return b < a ? b : a; }

/* CFX_FloatRect::Intersect, then !IsEmpty() */
static int intersects(const Char *c, float left, float bottom, float right, float top) {
    float l = max_of(left, c->left);
    float r = min_of(right, c->right);
    float b = max_of(bottom, c->bottom);
    float t = min_of(top, c->top);
    if (l > r || b > t)
        return 0;
    return !(l >= r || b >= t);
}

/* pdfium's WideString::ToUTF16LE of one code point */
static Py_ssize_t put_utf16(uint16_t *out, Py_ssize_t k, uint32_t u) {
    if (u > 0xFFFF && u <= 0x10FFFF) {
        u -= 0x10000;
        out[k++] = (uint16_t)(0xD800 + (u >> 10));
        out[k++] = (uint16_t)(0xDC00 + (u & 0x3FF));
    } else if (u <= 0xFFFF) {
        out[k++] = (uint16_t)u;
    }
    return k;
}

static PyObject *box_text(PyObject *self, PyObject *args) {
    Py_buffer view;
    double left, top, right, bottom;
    /* the argument order of FPDFText_GetBoundedText */
    if (!PyArg_ParseTuple(args, "y*dddd:box_text", &view, &left, &top, &right, &bottom))
        return NULL;
    const Char *chars = (const Char *)view.buf;
    Py_ssize_t n = view.len / (Py_ssize_t)sizeof(Char);
    /* each character adds at most a line break and two code units */
    uint16_t *out = PyMem_Malloc(sizeof(uint16_t) * (size_t)(4 * n + 1));
    if (out == NULL) {
        PyBuffer_Release(&view);
        return PyErr_NoMemory();
    }
    float l = (float)left, t = (float)top, r = (float)right, b = (float)bottom;
    float posy = 0;
    int contains_previous = 0, add_line_feed = 0;
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        const Char *c = &chars[i];
        if (intersects(c, l, b, r, t)) {
            if (fabsf(posy - c->origin_y) > 0 && !contains_previous && add_line_feed) {
                posy = c->origin_y;
                if (k > 0) {
                    out[k++] = '\r';
                    out[k++] = '\n';
                }
            }
            contains_previous = 1;
            add_line_feed = 0;
            if (c->unicode)
                k = put_utf16(out, k, c->unicode);
        } else if (c->unicode == ' ') {
            if (contains_previous) {
                out[k++] = ' ';
                contains_previous = 0;
                add_line_feed = 0;
            }
        } else {
            contains_previous = 0;
            add_line_feed = 1;
        }
    }
    PyBuffer_Release(&view);
    int little_endian = -1;
    PyObject *text = PyUnicode_DecodeUTF16((const char *)out, k * 2, "ignore", &little_endian);
    PyMem_Free(out);
    return text;
}

static PyMethodDef methods[] = {
    {"paths", paths, METH_VARARGS,
     "paths(page, (page_count, page_get, form_count, form_get, object_type, count_segments, bounds),"
     " path_type, form_type, max_depth) -> [(object, segments, (l, b, r, t) | None)]\n\n"
     "The path objects of a pdfium page, forms walked to max_depth, in content order."},
    {"page_chars", page_chars, METH_VARARGS,
     "page_chars(textpage, (count_chars, get_unicode, get_char_box, get_char_origin)) -> bytes\n\n"
     "Every character of a pdfium text page (box, origin y, code point), packed for box_text."},
    {"box_text", box_text, METH_VARARGS,
     "box_text(chars, left, top, right, bottom) -> str\n\n"
     "The text inside the box, as FPDFText_GetBoundedText gives it (lines end with \\r\\n)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdfpage", NULL, -1, methods};

PyMODINIT_FUNC PyInit__pdfpage(void) { return PyModule_Create(&module); }
