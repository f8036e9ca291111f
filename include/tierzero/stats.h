/* stats.h: the few statistics the release analysis needs (incomplete beta, binomial tail,
 * Clopper–Pearson, Spearman). */
#ifndef TIERZERO_STATS_H
#define TIERZERO_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tierzero/error.h"

/*
 * Plain numerical functions on doubles; nothing here allocates except
 * t0_spearman() (scratch memory, freed before it returns). Arguments outside
 * a function's domain give NaN, never a crash; callers check the domain
 * first (definitions.md §3 turns every undefined figure into null with a reason).
 */

/* The regularized incomplete beta function I_x(a, b), a > 0, b > 0,
 * 0 <= x <= 1: log-gamma prefactor (Stirling differences for large
 * arguments, so a and b in the millions keep ~1e-12 relative accuracy),
 * modified Lentz continued fraction, and the symmetry
 * I_x(a, b) = 1 - I_{1-x}(b, a) on the side where the fraction converges.
 *
 *     double p = t0_betainc(2.0, 3.0, 0.4); // 0.5248
 */
double t0_betainc(double a, double b, double x);

/* The complement 1 - I_x(a, b), computed without cancellation. */
double t0_betainc_complement(double a, double b, double x);

/* The inverse in x: the x in [0, 1] with I_x(a, b) = p, 0 <= p <= 1
 * (0 for p = 0, 1 for p = 1). Safeguarded Newton/Halley iteration on a
 * bracket; for p > 1/2 it solves the complement so upper quantiles keep
 * their accuracy. */
double t0_betainc_inv(double a, double b, double p);

/* P(X >= k) for X ~ Binomial(n, p), 0 <= p <= 1: 1 when k = 0, 0 when
 * k > n, otherwise I_p(k, n - k + 1). */
double t0_binom_sf(uint64_t k, uint64_t n, double p);

/* The exact (Clopper–Pearson) two-sided 1 - alpha interval of a proportion
 * k / n (0 <= k <= n, n > 0): lower = BetaInv(alpha/2; k, n - k + 1), 0
 * when k = 0; upper = BetaInv(1 - alpha/2; k + 1, n - k), 1 when k = n. */
void t0_clopper_pearson(uint64_t k, uint64_t n, double alpha, double *lower,
                        double *upper);

/* Ranks of x[0..n) into rank[0..n), 1-based, ties given the average of the
 * ranks they span. rank must hold n doubles. Errors: T0_ENOMEM. */
enum t0_status t0_rank_average(const double *x, size_t n, double *rank,
                               struct t0_error *err);

/* Spearman's rank correlation of x and y (n pairs): the Pearson correlation
 * of their average ranks. *defined is false (and *rho 0) when n < 2 or
 * either series is constant. Errors: T0_ENOMEM. */
enum t0_status t0_spearman(const double *x, const double *y, size_t n, double *rho,
                           bool *defined, struct t0_error *err);

/* The p-quantile (0 <= p <= 1) of sorted[0..n), n > 0, by linear
 * interpolation between closest ranks at position (n - 1) p. */
double t0_percentile_sorted(const double *sorted, size_t n, double p);

#endif
