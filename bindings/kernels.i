/* kernels.i — the SWIG interface from Python to the CSupport kernels.
 *
 * Every kernel of kernel_list.h is wrapped three times, one callable per GIL
 * policy, all three calling the kernel's C function NAME_under (helpers.h):
 *   NAME_hold     keeps the GIL during the C call (what SWIG does without -threads);
 *   NAME_release  releases it around every C call (Py_BEGIN_ALLOW_THREADS);
 *   NAME_auto     releases it only when the call's work is at or above a
 *                 per-kernel threshold, as CPython's hashlib does for buffers
 *                 of 2048 bytes or more.
 * The sweep times these SWIG-generated callables directly, so they stay one C
 * call each: no Python between the caller and NAME_under.
 *
 * The C code lives beside this file: helpers.c (conversions, errors, Ctrl-C,
 * thresholds), scalar_kernels.c and batch_kernels.c (each NAME_under), and
 * batch_input.c (reading the batch kernels' buffers and iterables). */
%module(package="gilsweep", moduledoc="The SWIG-generated layer of gilsweep: each kernel under three GIL policies.") kernels

/* Free threading: the module does not need the GIL (helpers.h lists what its
 * threads share and why each is safe without one), and says so.
 *  - Official free-threaded builds (3.13t and later, Py_GIL_DISABLED): SWIG's
 *    -nogil support, switched on by this macro (what `swig -nogil` defines),
 *    puts the Py_mod_gil slot, Py_MOD_GIL_NOT_USED, in the module's
 *    definition. A static slot, not PyUnstable_Module_SetGIL, which 3.15 no
 *    longer honours after import. Without it the interpreter would turn the
 *    GIL back on when the module is imported, with a warning. SWIG gained it
 *    in 4.4, hence the check below rather than a module that silently enables
 *    the GIL.
 *  - GIL builds: no slot is emitted (SWIG tests Py_GIL_DISABLED itself). */
%begin %{
#define SWIGPYTHON_NOGIL
%}

%{
#if defined(Py_GIL_DISABLED) && SWIG_VERSION < 0x040400
#error "gilsweep on a free-threaded Python needs SWIG 4.4 or later (its -nogil support declares Py_mod_gil)"
#endif
#include "helpers.h"
%}

/* PyObject* in and out, untouched: the NAME_under functions do all conversion. */
%typemap(in) PyObject * "$1 = $input;"
%typemap(out) PyObject * "$result = $1;"

/* The kernel list, for SWIG's preprocessor (it defines only GILSWEEP_KERNELS). */
%include "kernel_list.h"

/* The three callables of one kernel and their docstrings (what help() shows).
 * Inside %{ %} SWIG only substitutes the parameters (the manual's ARRAYHELPER
 * example); UNPAREN (helpers.h) is the C compiler's: (a, b) -> a, b. */
%define GIL_POLICIES(NAME, PARAMS, ARGS, THRESHOLD, DOC)
%feature("docstring") NAME ## _hold DOC " (GIL held during the call.)";
%feature("docstring") NAME ## _release DOC " (GIL released around the call.)";
%feature("docstring") NAME ## _auto DOC " (GIL released when the work is at or above release_threshold.)";
%inline %{
PyObject *NAME ## _hold PARAMS { return NAME ## _under(GIL_HOLD, UNPAREN ARGS); }
PyObject *NAME ## _release PARAMS { return NAME ## _under(GIL_RELEASE, UNPAREN ARGS); }
PyObject *NAME ## _auto PARAMS { return NAME ## _under(GIL_AUTO, UNPAREN ARGS); }
%}
%enddef

GILSWEEP_KERNELS(GIL_POLICIES)

/* The auto policy's thresholds, under the names gilsweep uses (helpers.c). */
%feature("docstring") release_threshold "release_threshold(name) -> int. The auto policy's work threshold of a kernel.";
%feature("docstring") set_release_threshold "set_release_threshold(name, value) -> None. Set the auto policy's work threshold of a kernel.";
%feature("docstring") kernel_names "kernel_names() -> tuple[str, ...]. The kernels, in kernel_list.h's order (gilsweep.KERNELS).";
PyObject *release_threshold(PyObject *name);
PyObject *set_release_threshold(PyObject *name, PyObject *value);
PyObject *kernel_names(void);
