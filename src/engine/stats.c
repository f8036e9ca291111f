/* stats.c: incomplete beta and its inverse, binomial tail, Clopper–Pearson, Spearman. */
#include "tierzero/stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

/* Below this, log-gamma comes from libm; at or above it, from Stirling's
 * series, whose leading terms cancel analytically in the beta prefactor. */
#define STIRLING_MIN 10.0
#define CF_EPS (DBL_EPSILON * 0.5)
#define CF_TINY 1e-300
#define CF_MAX_ITERATIONS 1000000
#define INV_MAX_ITERATIONS 400
#define HALF_LOG_2PI 0.91893853320467274178032973640562

/* lgamma(z) - ((z - 1/2) ln z - z + ln(2 pi) / 2) for z >= STIRLING_MIN:
 * the Stirling series through B14 (truncation below 1e-18 at z = 10). */
static double stirling_delta(double z)
{
    double w = 1.0 / (z * z);
    double s = 1.0 / 156.0;
    s = -691.0 / 360360.0 + w * s;
    s = 1.0 / 1188.0 + w * s;
    s = -1.0 / 1680.0 + w * s;
    s = 1.0 / 1260.0 + w * s;
    s = -1.0 / 360.0 + w * s;
    s = 1.0 / 12.0 + w * s;
    return s / z;
}

/* a * ln(x * s / a) + b * ln(y * s / b), s = s_hi + s_lo = a + b exactly.
 * Near the mean both logarithms are close to 0; then x * s - a is taken from
 * whichever of x, y is the smaller (that one is exact as given, the other
 * is 1 minus it, rounded), and y * s - b = -(x * s - a). */
static double log_ratio_terms(double a, double b, double x, double y, double log_x,
                              double log_y, double s_hi, double s_lo)
{
    double rx = x * s_hi / a, ry = y * s_hi / b;
    if (rx > 0.5 && rx < 2.0 && ry > 0.5 && ry < 2.0) {
        double dx = x <= y ? fma(x, s_hi, -a) + x * s_lo : -(fma(y, s_hi, -b) + y * s_lo);
        return a * log1p(dx / a) + b * log1p(-dx / b);
    }
    /* s / a = 1 + b / a exactly; log(s) - log(a) would cost b * 1e-15 */
    return a * (log_x + log1p(b / a)) + b * (log_y + log1p(a / b));
}

/* ln(x^a y^b / B(a, b)) with y = 1 - x given separately (both exact as the
 * caller knows them). */
static double log_beta_prefactor(double a, double b, double x, double y)
{
    double log_x = y < 0.5 ? log1p(-y) : log(x);
    double log_y = x < 0.5 ? log1p(-x) : log(y);
    /* a + b as an exact sum (Knuth's two-sum): with a and b in the millions
     * the rounding of a + b alone would cost 1e-10 of the result. */
    double s = a + b;
    double bb = s - a;
    double s_lo = (a - (s - bb)) + (b - bb);
    double log_s = log(s) + s_lo / s;

    if (a >= STIRLING_MIN && b >= STIRLING_MIN) {
        return log_ratio_terms(a, b, x, y, log_x, log_y, s, s_lo) +
               0.5 * (log(a) + log(b) - log_s) - HALF_LOG_2PI -
               (stirling_delta(a) + stirling_delta(b) - stirling_delta(s));
    }
    if (a < STIRLING_MIN && b >= STIRLING_MIN) {
        return a * (log_x + log_s) + (b * log_y + (b - 0.5) * log1p(a / b) - a) -
               lgamma(a) - stirling_delta(b) + stirling_delta(s);
    }
    if (a >= STIRLING_MIN && b < STIRLING_MIN) {
        return b * (log_y + log_s) + (a * log_x + (a - 0.5) * log1p(b / a) - b) -
               lgamma(b) - stirling_delta(a) + stirling_delta(s);
    }
    return a * log_x + b * log_y - (lgamma(a) + lgamma(b) - lgamma(s));
}

/* The continued fraction of I_x(a, b) (modified Lentz), converging fast for
 * x < (a + 1) / (a + b + 2); y = 1 - x. Its first denominator,
 * 1 - (a + b) x / (a + 1), cancels when x is near 1: it is then taken from
 * y, which is exact there. */
static double beta_fraction(double a, double b, double x, double y)
{
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0;
    double d = x <= y ? (qap - qab * x) / qap : ((1.0 - b) + qab * y) / qap;
    if (fabs(d) < CF_TINY)
        d = CF_TINY;
    d = 1.0 / d;
    double h = d;
    for (long m = 1; m <= CF_MAX_ITERATIONS; m++) {
        double dm = (double)m, m2 = 2.0 * dm;
        double aa = dm * (b - dm) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < CF_TINY)
            d = CF_TINY;
        c = 1.0 + aa / c;
        if (fabs(c) < CF_TINY)
            c = CF_TINY;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + dm) * (qab + dm) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < CF_TINY)
            d = CF_TINY;
        c = 1.0 + aa / c;
        if (fabs(c) < CF_TINY)
            c = CF_TINY;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) <= CF_EPS)
            break;
    }
    return h;
}

/* I_x(a, b) and its complement, with y = 1 - x; the one computed by the
 * fraction is accurate to its last digits, the other is 1 minus it. */
static void beta_pair(double a, double b, double x, double y, double *lower,
                      double *upper)
{
    if (x <= 0.0) {
        *lower = 0.0;
        *upper = 1.0;
        return;
    }
    if (y <= 0.0) {
        *lower = 1.0;
        *upper = 0.0;
        return;
    }
    double front = exp(log_beta_prefactor(a, b, x, y));
    if (x < (a + 1.0) / (a + b + 2.0)) {
        *lower = front * beta_fraction(a, b, x, y) / a;
        *upper = 1.0 - *lower;
    } else {
        *upper = front * beta_fraction(b, a, y, x) / b;
        *lower = 1.0 - *upper;
    }
}

static bool beta_args_ok(double a, double b, double x)
{
    return a > 0.0 && b > 0.0 && x >= 0.0 && x <= 1.0 && isfinite(a) && isfinite(b);
}

double t0_betainc(double a, double b, double x)
{
    if (!beta_args_ok(a, b, x))
        return NAN;
    double lower, upper;
    beta_pair(a, b, x, 1.0 - x, &lower, &upper);
    return lower;
}

double t0_betainc_complement(double a, double b, double x)
{
    if (!beta_args_ok(a, b, x))
        return NAN;
    double lower, upper;
    beta_pair(a, b, x, 1.0 - x, &lower, &upper);
    return upper;
}

/* A first guess of the inverse (Numerical Recipes, 3rd ed., 6.14.1). */
static double beta_inverse_guess(double a, double b, double p)
{
    double x;
    if (a >= 1.0 && b >= 1.0) {
        double pp = p < 0.5 ? p : 1.0 - p;
        double t = sqrt(-2.0 * log(pp));
        double z = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t;
        if (p < 0.5)
            z = -z;
        double al = (z * z - 3.0) / 6.0;
        double h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0));
        double w =
            z * sqrt(al + h) / h - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) *
                                       (al + 5.0 / 6.0 - 2.0 / (3.0 * h));
        x = a / (a + b * exp(2.0 * w));
    } else {
        double lna = log(a / (a + b)), lnb = log(b / (a + b));
        double t = exp(a * lna) / a;
        double u = exp(b * lnb) / b;
        double w = t + u;
        if (p < t / w)
            x = pow(a * w * p, 1.0 / a);
        else
            x = 1.0 - pow(b * w * (1.0 - p), 1.0 / b);
    }
    if (!(x > 0.0))
        x = DBL_MIN;
    if (!(x < 1.0))
        x = 1.0 - DBL_EPSILON;
    return x;
}

/* Solves I_z(a, b) = p (q = 1 - p, both exact) for z from a start z0 by
 * Halley steps kept inside a shrinking bracket. */
static double beta_inverse_solve(double a, double b, double p, double q, double z0)
{
    double lo = 0.0, hi = 1.0, z = z0;
    for (int it = 0; it < INV_MAX_ITERATIONS; it++) {
        double lower, upper;
        beta_pair(a, b, z, 1.0 - z, &lower, &upper);
        double f = p <= q ? lower - p : q - upper;
        if (f == 0.0)
            return z;
        if (f > 0.0)
            hi = z;
        else
            lo = z;
        double log_density = log_beta_prefactor(a, b, z, 1.0 - z) - log(z) - log1p(-z);
        double fp = exp(log_density);
        double next;
        if (fp > 0.0 && isfinite(fp)) {
            double u = f / fp;
            double bend = (a - 1.0) / z - (b - 1.0) / (1.0 - z);
            double t = u / (1.0 - 0.5 * fmin(1.0, u * bend));
            next = z - t;
        } else {
            next = lo > 0.0 ? sqrt(lo * hi) : 0.5 * hi;
        }
        if (!(next > lo && next < hi))
            next = lo > 0.0 ? 0.5 * (lo + hi) : 0.5 * z;
        if (fabs(next - z) <= 4.0 * DBL_EPSILON * next)
            return next;
        if (hi - lo <= 4.0 * DBL_EPSILON * hi)
            return next;
        z = next;
    }
    return z;
}

double t0_betainc_inv(double a, double b, double p)
{
    if (!beta_args_ok(a, b, p))
        return NAN;
    if (p <= 0.0)
        return 0.0;
    if (p >= 1.0)
        return 1.0;
    double q = 1.0 - p; /* exact for p >= 1/2; p itself is kept below */
    double x0 = beta_inverse_guess(a, b, p);
    /* Solve in whichever of x, 1 - x is small, so it keeps its relative
     * accuracy: the median side is decided by I_{1/2}(a, b). */
    double half_lower, half_upper;
    beta_pair(a, b, 0.5, 0.5, &half_lower, &half_upper);
    bool below_half = p <= q ? p <= half_lower : q >= half_upper;
    if (below_half) {
        if (x0 > 0.5)
            x0 = 0.25;
        return beta_inverse_solve(a, b, p, q, x0);
    }
    double y0 = 1.0 - x0;
    if (y0 > 0.5)
        y0 = 0.25;
    return 1.0 - beta_inverse_solve(b, a, q, p, y0);
}

double t0_binom_sf(uint64_t k, uint64_t n, double p)
{
    if (!(p >= 0.0 && p <= 1.0))
        return NAN;
    if (k == 0)
        return 1.0;
    if (k > n)
        return 0.0;
    if (p == 0.0)
        return 0.0;
    if (p == 1.0)
        return 1.0;
    double lower, upper;
    beta_pair((double)k, (double)(n - k + 1), p, 1.0 - p, &lower, &upper);
    return lower;
}

void t0_clopper_pearson(uint64_t k, uint64_t n, double alpha, double *lower,
                        double *upper)
{
    *lower = k == 0 ? 0.0 : t0_betainc_inv((double)k, (double)(n - k + 1), alpha / 2.0);
    *upper = k >= n ? 1.0
                    : t0_betainc_inv((double)(k + 1), (double)(n - k), 1.0 - alpha / 2.0);
}

struct ranked {
    double value;
    size_t index;
};

static int ranked_compare(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->value < b->value)
        return -1;
    if (a->value > b->value)
        return 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

enum t0_status t0_rank_average(const double *x, size_t n, double *rank,
                               struct t0_error *err)
{
    if (n == 0)
        return T0_OK;
    struct ranked *order = malloc(n * sizeof *order);
    if (!order)
        return t0_error_set(err, T0_ENOMEM, "", "", "out of memory ranking %zu values",
                            n);
    for (size_t i = 0; i < n; i++) {
        order[i].value = x[i];
        order[i].index = i;
    }
    qsort(order, n, sizeof *order, ranked_compare);
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        while (j < n && order[j].value == order[i].value)
            j++;
        /* positions i..j-1 hold ranks i+1..j: their mean */
        double average = 0.5 * ((double)(i + 1) + (double)j);
        for (size_t t = i; t < j; t++)
            rank[order[t].index] = average;
        i = j;
    }
    free(order);
    return T0_OK;
}

enum t0_status t0_spearman(const double *x, const double *y, size_t n, double *rho,
                           bool *defined, struct t0_error *err)
{
    enum t0_status st = T0_OK;
    double *rx = NULL, *ry = NULL;
    *rho = 0.0;
    *defined = false;
    if (n < 2)
        goto cleanup;
    rx = malloc(n * sizeof *rx);
    ry = malloc(n * sizeof *ry);
    if (!rx || !ry) {
        st = t0_error_set(err, T0_ENOMEM, "", "", "out of memory ranking %zu pairs", n);
        goto cleanup;
    }
    if ((st = t0_rank_average(x, n, rx, err)) != T0_OK ||
        (st = t0_rank_average(y, n, ry, err)) != T0_OK)
        goto cleanup;
    /* Average ranks keep the sum n (n + 1) / 2, so both means are (n + 1) / 2. */
    double mean = 0.5 * ((double)n + 1.0);
    double sxx = 0.0, syy = 0.0, sxy = 0.0;
    for (size_t i = 0; i < n; i++) {
        double dx = rx[i] - mean, dy = ry[i] - mean;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (sxx == 0.0 || syy == 0.0)
        goto cleanup;
    double r = sxy / sqrt(sxx * syy);
    *rho = r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
    *defined = true;
cleanup:
    free(rx);
    free(ry);
    return st;
}

double t0_percentile_sorted(const double *sorted, size_t n, double p)
{
    if (n == 0 || !(p >= 0.0 && p <= 1.0))
        return NAN;
    double position = (double)(n - 1) * p;
    size_t i = (size_t)position;
    if (i >= n - 1)
        return sorted[n - 1];
    double fraction = position - (double)i;
    return sorted[i] + fraction * (sorted[i + 1] - sorted[i]);
}
