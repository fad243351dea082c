/* pycompat.h — the CPython C API the wrappers need, one spelling for every CPython
 * from 3.9 (make test runs 3.11, 3.12 and 3.13; the 3.14 branch is untested).
 *
 * The wrappers (helpers.c, scalar_kernels.c, batch_kernels.c) call only these
 * helpers, never a private _Py* function, so each version difference is handled
 * once, here. Where a version has a public function, it is used; otherwise the
 * private one that version still declares in its non-internal headers. What is
 * public since when (checked against CPython's headers and docs):
 *
 *   sign            PyLong_GetSign                      3.14  (_PyLong_Sign before: declared through 3.13,
 *                                                              deprecated in 3.14)
 *   bit count       none: PyLong_GetNumBits was proposed and dropped; _PyLong_NumBits,
 *                   removed in 3.13a1, was restored before 3.13.0
 *   int -> bytes    PyLong_AsNativeBytes                3.13  (_PyLong_AsByteArray before; 3.13 added a
 *                                                              with_exceptions argument to it)
 *   bytes -> int    PyLong_FromUnsignedNativeBytes      3.13  (_PyLong_FromByteArray before)
 *   main thread     none in C. _PyOS_IsMainThread is declared (intrcheck.h) through 3.12 and moved to
 *                   the internal API in 3.13; from 3.13 the same test is made with public calls:
 *                   the main interpreter, and the thread whose id threading.main_thread() gives, which
 *                   3.13 takes from the runtime's main thread as _PyOS_IsMainThread does.
 *
 * Every helper takes an int (PyLong_Check) and needs the GIL. */
#ifndef GILSWEEP_PYCOMPAT_H
#define GILSWEEP_PYCOMPAT_H

#include <Python.h>

/* -1, 0 or 1 as v is negative, zero or positive. Cannot fail for an int. */
static inline int compat_long_sign(PyObject *v) {
#if PY_VERSION_HEX >= 0x030E0000
    int sign = 0;
    (void)PyLong_GetSign(v, &sign);
    return sign;
#else
    return _PyLong_Sign(v);
#endif
}

/* Bits of |v| (0 for 0). Cannot fail for an int of this process's size. */
static inline size_t compat_long_num_bits(PyObject *v) { return _PyLong_NumBits(v); }

/* Writes the n low bytes of the non-negative int v to buf, least significant
 * first; returns 0, or -1 with an exception set. n >= ceil(bits / 8) always
 * holds every bit. */
static inline int compat_long_to_le_bytes(PyObject *v, unsigned char *buf, size_t n) {
#if PY_VERSION_HEX >= 0x030D0000
    Py_ssize_t needed = PyLong_AsNativeBytes(v, buf, (Py_ssize_t)n,
                                             Py_ASNATIVEBYTES_LITTLE_ENDIAN | Py_ASNATIVEBYTES_UNSIGNED_BUFFER);
    return needed < 0 ? -1 : 0;
#else
    return _PyLong_AsByteArray((PyLongObject *)v, buf, n, 1 /* little endian */, 0 /* unsigned */);
#endif
}

/* A new non-negative int from n bytes, least significant first (n == 0 gives 0),
 * or NULL with an exception set. */
static inline PyObject *compat_long_from_le_bytes(const unsigned char *buf, size_t n) {
#if PY_VERSION_HEX >= 0x030D0000
    return PyLong_FromUnsignedNativeBytes(buf, n, Py_ASNATIVEBYTES_LITTLE_ENDIAN);
#else
    return _PyLong_FromByteArray(buf, n, 1 /* little endian */, 0 /* unsigned */);
#endif
}

/* 1 when this is the main thread of the main interpreter (where Python runs its
 * signal handlers), else 0. Never fails: an error while asking gives 0, with
 * the error cleared. Costs a few microseconds from 3.13; call it for long calls only. */
static inline int compat_is_main_thread(void) {
#if PY_VERSION_HEX >= 0x030D0000
    if (PyInterpreterState_Get() != PyInterpreterState_Main()) return 0;
    int is_main = 0;
    PyObject *threading = PyImport_ImportModule("threading");
    PyObject *main_thread = threading ? PyObject_CallMethod(threading, "main_thread", NULL) : NULL;
    PyObject *ident = main_thread ? PyObject_GetAttrString(main_thread, "ident") : NULL;
    if (ident && PyLong_Check(ident)) {
        unsigned long main_id = PyLong_AsUnsignedLong(ident);
        is_main = !PyErr_Occurred() && main_id == PyThread_get_thread_ident();
    }
    Py_XDECREF(ident);
    Py_XDECREF(main_thread);
    Py_XDECREF(threading);
    PyErr_Clear();
    return is_main;
#else
    return _PyOS_IsMainThread();
#endif
}

#endif /* GILSWEEP_PYCOMPAT_H */
