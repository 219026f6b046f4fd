#ifndef SIMSERVE_CGSL_SHIM_H
#define SIMSERVE_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_linalg.h>

/* Swift 6 rejects direct references to mutable C globals such as gsl_rng_mt19937;
   these accessors return them instead. */
static inline const gsl_rng_type *simserve_gsl_rng_mt19937(void) { return gsl_rng_mt19937; }

static inline const gsl_multifit_nlinear_type *simserve_gsl_multifit_nlinear_trust(void) {
    return gsl_multifit_nlinear_trust;
}

static inline const gsl_multimin_fminimizer_type *simserve_gsl_multimin_fminimizer_nmsimplex2(void) {
    return gsl_multimin_fminimizer_nmsimplex2;
}

#endif
