/* test_stats.c: incomplete beta, its inverse, binomial tail, Clopper–Pearson, Spearman
 * (src/engine/stats.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "tierzero/stats.h"

/*
 * Reference values: SciPy 1.10.1 (Debian's python3-scipy), the expression
 * beside each. Where SciPy's own incbet is known to lose digits (non-integer
 * parameters in the millions) the tolerance says so; the value was then
 * confirmed with a 60-digit mpmath evaluation of the same function.
 */

static void assert_rel(double got, double want, double tolerance, const char *what)
{
    double err = fabs(got - want) / fabs(want);
    if (!(err <= tolerance))
        fail_msg("%s: got %.17g, want %.17g (relative error %.3g > %.3g)", what, got,
                 want, err, tolerance);
}

#define REL 1e-9

/* ---- t0_betainc ---- */

static void test_betainc_hand_worked(void **state)
{
    (void)state;
    /* I_0.4(2, 3) = P(Binomial(4, 0.4) >= 2) = 6*.16*.36 + 4*.064*.6 + .0256
     * = .3456 + .1536 + .0256 = .5248 */
    assert_rel(t0_betainc(2.0, 3.0, 0.4), 0.5248, 1e-14, "I_0.4(2,3)");
    /* complement 1 - .5248 = .4752 */
    assert_rel(t0_betainc_complement(2.0, 3.0, 0.4), 0.4752, 1e-14, "1 - I_0.4(2,3)");
    /* I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 - (1 - x)^b */
    assert_rel(t0_betainc(1.0, 1.0, 0.3125), 0.3125, 1e-15, "I_x(1,1)");
    assert_rel(t0_betainc(7.0, 1.0, 0.5), 1.0 / 128.0, 1e-14, "I_0.5(7,1)");
    assert_rel(t0_betainc(1.0, 3.0, 0.5), 1.0 - 0.125, 1e-14, "I_0.5(1,3)");
    /* ends */
    assert_true(t0_betainc(2.0, 3.0, 0.0) == 0.0);
    assert_true(t0_betainc(2.0, 3.0, 1.0) == 1.0);
    /* out of domain: NaN, not a crash */
    assert_true(isnan(t0_betainc(-1.0, 3.0, 0.5)));
    assert_true(isnan(t0_betainc(1.0, 3.0, 1.5)));
}

static void test_betainc_scipy(void **state)
{
    (void)state;
    /* scipy.special.betainc(0.5, 0.5, 0.3) = 0.3690101195655454
     * (also (2/pi) asin(sqrt(0.3))) */
    assert_rel(t0_betainc(0.5, 0.5, 0.3), 0.3690101195655454, REL, "arcsine");
    /* scipy.special.betainc(50, 50, 0.1) = 3.232182234973759e-24 (far tail) */
    assert_rel(t0_betainc(50.0, 50.0, 0.1), 3.232182234973759e-24, REL, "tail");
    /* scipy.special.betainc(1e6, 1e6, 0.5005) = 0.9213504224939122
     * (mpmath, 60 digits: 0.92135042241907532) */
    assert_rel(t0_betainc(1e6, 1e6, 0.5005), 0.9213504224190753, 1e-12, "1e6,1e6");
    assert_rel(t0_betainc(1e6, 1e6, 0.5005), 0.9213504224939122, REL, "1e6,1e6 scipy");
    /* scipy.special.betainc(5, 1e6, 1e-6) = 0.0036598851522420704
     * (mpmath: 0.0036598851482650916; SciPy is off by 1.1e-9 here) */
    assert_rel(t0_betainc(5.0, 1e6, 1e-6), 0.0036598851482650916, 1e-12, "5,1e6");
    assert_rel(t0_betainc(5.0, 1e6, 1e-6), 0.0036598851522420704, 2e-9, "5,1e6 scipy");
    /* scipy.special.betainc(1e5, 10, 0.9999) = 0.45781085964856344
     * (mpmath: 0.45781085958512583) */
    assert_rel(t0_betainc(1e5, 10.0, 0.9999), 0.45781085958512583, 1e-12, "1e5,10");
    assert_rel(t0_betainc(1e5, 10.0, 0.9999), 0.45781085964856344, 2e-9, "1e5,10 scipy");
    /* scipy.special.betainc(3e5, 7e5, 0.3) = 0.5001160741773705
     * (mpmath: 0.50011607514156641; SciPy off by 1.9e-9) */
    assert_rel(t0_betainc(3e5, 7e5, 0.3), 0.50011607514156641, 1e-12, "3e5,7e5");
    assert_rel(t0_betainc(3e5, 7e5, 0.3), 0.5001160741773705, 3e-9, "3e5,7e5 scipy");
    /* scipy.special.betainc(12.5, 1495252.5, 4.75e-06) = 0.04195941414242925 */
    assert_rel(t0_betainc(12.5, 1495252.5, 4.75e-6), 0.04195941414242925, 2e-9,
               "12.5,1.5e6");
}

static void test_betainc_complement_tail(void **state)
{
    (void)state;
    /* 1 - I_0.6(1000, 1000) = scipy.special.betainc(1000, 1000, 0.4)
     * = 8.231611354867857e-20: 1 - scipy.special.betainc(1000, 1000, 0.6)
     * gives 1.1e-16, which is why the complement has its own function. */
    assert_rel(t0_betainc_complement(1000.0, 1000.0, 0.6), 8.231611354867857e-20, REL,
               "complement");
    assert_rel(t0_betainc(1000.0, 1000.0, 0.4), 8.231611354867857e-20, REL, "mirror");
}

/* ---- t0_betainc_inv ---- */

static void test_betainc_inv_hand_worked(void **state)
{
    (void)state;
    /* inverse of the hand-worked I_0.4(2, 3) = .5248 */
    assert_rel(t0_betainc_inv(2.0, 3.0, 0.5248), 0.4, 1e-13, "inv(2,3)");
    /* I_x(a, 1) = x^a: x = p^(1/a); 0.025^(1/5) */
    assert_rel(t0_betainc_inv(5.0, 1.0, 0.025), pow(0.025, 0.2), 1e-13, "inv(5,1)");
    /* I_x(1, b) = 1 - (1-x)^b: x = 1 - (1-p)^(1/b); with b = 4, p = 0.9375:
     * (1/16)^(1/4) = 1/2 */
    assert_rel(t0_betainc_inv(1.0, 4.0, 0.9375), 0.5, 1e-13, "inv(1,4)");
    assert_true(t0_betainc_inv(2.0, 3.0, 0.0) == 0.0);
    assert_true(t0_betainc_inv(2.0, 3.0, 1.0) == 1.0);
}

static void test_betainc_inv_extreme(void **state)
{
    (void)state;
    /* x = brentq(lambda x: betainc(a, b, x) - p, lo, hi, xtol=1e-300,
     * rtol=8.9e-16) with scipy.special.betainc; betaincinv agrees except
     * where noted. */
    /* a=10, b=1e4, p=1e-12: 2.93324085925626e-05 */
    assert_rel(t0_betainc_inv(10.0, 1e4, 1e-12), 2.93324085925626e-05, REL, "1e-12 low");
    /* a=0.5, b=100, p=1e-15: 7.873641070203262e-33 */
    assert_rel(t0_betainc_inv(0.5, 100.0, 1e-15), 7.873641070203262e-33, REL, "1e-15");
    /* a=1e4, b=10, p=1e-12: 0.9949868798147914 (betaincinv says
     * 0.994987681254266, whose betainc is 1.6e-12, not 1e-12) */
    assert_rel(t0_betainc_inv(1e4, 10.0, 1e-12), 0.9949868798147914, REL, "near 1");
    /* a=3, b=1e6, p=0.975: 7.2246543459386645e-06 */
    assert_rel(t0_betainc_inv(3.0, 1e6, 0.975), 7.2246543459386645e-06, REL, "0.975");
    /* a=1e6+1, b=5, p=0.025: 0.9999897584944903 */
    assert_rel(t0_betainc_inv(1000001.0, 5.0, 0.025), 0.9999897584944903, REL, "0.025");
    /* a=2.5, b=7.5, p=0.3: 0.16694327320179272 */
    assert_rel(t0_betainc_inv(2.5, 7.5, 0.3), 0.16694327320179272, REL, "moderate");
    /* a=400, b=600, p=0.5: 0.3999333073351406 */
    assert_rel(t0_betainc_inv(400.0, 600.0, 0.5), 0.3999333073351406, REL, "median");
}

/* The tail on the side of p (p itself, or 1 - p above 1/2) at x. */
static double tail_at(double a, double b, double x, double p)
{
    return p <= 0.5 ? t0_betainc(a, b, x) : t0_betainc_complement(a, b, x);
}

static void test_betainc_inv_round_trip(void **state)
{
    (void)state;
    /* I_{inv(p)}(a, b) = p over a grid of shapes and quantiles, the far
     * tails included (checked on the small side: 1 - p when p > 1/2). Near
     * x = 1 a double cannot hold x finely enough for 1e-9 in I, so the
     * bound also allows the change of I over one ulp of x either side. */
    const double shapes[] = {0.1, 0.5, 1.0, 2.5, 30.0, 1e3, 1e5, 1e6};
    const double ps[] = {1e-14, 1e-8, 0.001, 0.025, 0.5, 0.975, 0.999, 1.0 - 1e-9};
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
        for (size_t j = 0; j < sizeof shapes / sizeof *shapes; j++)
            for (size_t k = 0; k < sizeof ps / sizeof *ps; k++) {
                double a = shapes[i], b = shapes[j], p = ps[k];
                double want = p <= 0.5 ? p : 1.0 - p;
                double x = t0_betainc_inv(a, b, p);
                assert_true(x > 0.0 && x <= 1.0);
                double got = x < 1.0 ? tail_at(a, b, x, p) : (p <= 0.5 ? 1.0 : 0.0);
                double ulp_step = fabs(
                    tail_at(a, b, nextafter(x, 0.0), p) -
                    tail_at(a, b, nextafter(x, 2.0) < 1.0 ? nextafter(x, 2.0) : 1.0, p));
                if (!(fabs(got - want) <= 1e-9 * want + ulp_step))
                    fail_msg("inv(%g, %g, %.17g) = %.17g: tail %.17g, want %.17g", a, b,
                             p, x, got, want);
            }
}

/* ---- t0_binom_sf ---- */

static void test_binom_sf_edges(void **state)
{
    (void)state;
    assert_true(t0_binom_sf(0, 10, 0.3) == 1.0); /* P(X >= 0) */
    assert_true(t0_binom_sf(0, 0, 0.3) == 1.0);
    assert_true(t0_binom_sf(11, 10, 0.3) == 0.0); /* k > n */
    assert_true(t0_binom_sf(1, 10, 0.0) == 0.0);
    assert_true(t0_binom_sf(10, 10, 1.0) == 1.0);
    /* P(X >= 10 | n = 10, p = 1/2) = 2^-10 */
    assert_rel(t0_binom_sf(10, 10, 0.5), 1.0 / 1024.0, 1e-14, "2^-10");
    /* P(X >= 1 | n = 3, p = 1/2) = 1 - 1/8 */
    assert_rel(t0_binom_sf(1, 3, 0.5), 0.875, 1e-14, "7/8");
}

static void test_binom_sf_scipy(void **state)
{
    (void)state;
    /* scipy.stats.binom.sf(k-1, n, p) for each (k, n, p) */
    /* (3, 10, 0.2) = 0.32220047360000015 */
    assert_rel(t0_binom_sf(3, 10, 0.2), 0.32220047360000015, REL, "small");
    /* (1100, 10000, 0.1) = 0.00052994173555679 */
    assert_rel(t0_binom_sf(1100, 10000, 0.1), 0.00052994173555679, REL, "n=1e4 tail");
    /* (100, 10000, 0.01) = 0.5134992717167481 */
    assert_rel(t0_binom_sf(100, 10000, 0.01), 0.5134992717167481, REL, "n=1e4 mean");
    /* (1000, 1000000, 1e-3) = 0.5042115551669912 */
    assert_rel(t0_binom_sf(1000, 1000000, 1e-3), 0.5042115551669912, REL, "n=1e6 mean");
    /* (1200, 1000000, 1e-3) = 4.58963860610089e-10 */
    assert_rel(t0_binom_sf(1200, 1000000, 1e-3), 4.58963860610089e-10, REL, "n=1e6 tail");
    /* (5, 1000000, 1e-9) = 8.326308635273392e-18 (p tiny) */
    assert_rel(t0_binom_sf(5, 1000000, 1e-9), 8.326308635273392e-18, REL, "p tiny");
    /* (1, 1000000, 1e-12) = 9.999995000006667e-07 (= 1 - (1 - 1e-12)^1e6) */
    assert_rel(t0_binom_sf(1, 1000000, 1e-12), 9.999995000006667e-07, REL, "k = 1");
    /* (9999, 10000, 0.999) = 0.000497358991392947 (k near n) */
    assert_rel(t0_binom_sf(9999, 10000, 0.999), 0.000497358991392947, REL, "k near n");
    /* (1000000, 1000000, 0.9999999) = 0.9048374135593988 (= p^n, k = n) */
    assert_rel(t0_binom_sf(1000000, 1000000, 0.9999999), 0.9048374135593988, REL,
               "k = n");
    /* (400000, 1000000, 0.4) = 0.5003800240836374 */
    assert_rel(t0_binom_sf(400000, 1000000, 0.4), 0.5003800240836374, REL, "n=1e6 mid");
}

/* ---- t0_clopper_pearson ---- */

static void test_clopper_pearson_ends(void **state)
{
    (void)state;
    double lo, hi;
    /* k = 0: lower 0, upper = BetaInv(.975; 1, 10) = 1 - 0.025^(1/10) */
    t0_clopper_pearson(0, 10, 0.05, &lo, &hi);
    assert_true(lo == 0.0);
    assert_rel(hi, 1.0 - pow(0.025, 0.1), 1e-12, "k=0 upper");
    /* k = n: upper 1, lower = BetaInv(.025; 10, 1) = 0.025^(1/10) */
    t0_clopper_pearson(10, 10, 0.05, &lo, &hi);
    assert_true(hi == 1.0);
    assert_rel(lo, pow(0.025, 0.1), 1e-12, "k=n lower");
}

static void test_clopper_pearson_scipy(void **state)
{
    (void)state;
    double lo, hi;
    /* scipy.stats.beta.ppf(0.025, k, n-k+1), scipy.stats.beta.ppf(0.975, k+1, n-k) */
    t0_clopper_pearson(3, 10, 0.05, &lo, &hi);
    assert_rel(lo, 0.06673951117773447, REL, "3/10 lower");
    assert_rel(hi, 0.6524528500599973, REL, "3/10 upper");
    t0_clopper_pearson(50, 1000000, 0.05, &lo, &hi);
    assert_rel(lo, 3.711118434798702e-05, REL, "50/1e6 lower");
    assert_rel(hi, 6.591824198810432e-05, REL, "50/1e6 upper");
    t0_clopper_pearson(9990, 10000, 0.05, &lo, &hi);
    assert_rel(lo, 0.9981617358657894, REL, "9990/1e4 lower");
    assert_rel(hi, 0.9995203602762289, REL, "9990/1e4 upper");
    t0_clopper_pearson(1, 2, 0.05, &lo, &hi);
    assert_rel(lo, 0.01257911709342505, REL, "1/2 lower");
    assert_rel(hi, 0.9874208829065749, REL, "1/2 upper");
}

/* ---- ranks and Spearman ---- */

static void test_rank_average_ties(void **state)
{
    (void)state;
    /* values 10 30 20 30 10 30: sorted 10 10 20 30 30 30 take ranks 1..6;
     * the 10s share (1+2)/2 = 1.5, 20 gets 3, the 30s share (4+5+6)/3 = 5 */
    const double x[] = {10, 30, 20, 30, 10, 30};
    double rank[6];
    assert_int_equal(t0_rank_average(x, 6, rank, NULL), T0_OK);
    const double want[] = {1.5, 5, 3, 5, 1.5, 5};
    for (int i = 0; i < 6; i++)
        assert_true(rank[i] == want[i]);
}

static void test_spearman_ties(void **state)
{
    (void)state;
    double rho;
    bool defined;
    /* x = 1 2 2 3 -> ranks 1 2.5 2.5 4; y = 1 3 2 4 -> ranks 1 3 2 4; mean 2.5;
     * dx = -1.5 0 0 1.5, dy = -1.5 .5 -.5 1.5; sxy = 4.5, sxx = 4.5, syy = 5;
     * rho = 4.5 / sqrt(22.5) = 0.9486832980505138
     * (scipy.stats.spearmanr([1,2,2,3],[1,3,2,4]) = 0.9486832980505139) */
    const double x[] = {1, 2, 2, 3}, y[] = {1, 3, 2, 4};
    assert_int_equal(t0_spearman(x, y, 4, &rho, &defined, NULL), T0_OK);
    assert_true(defined);
    assert_rel(rho, 4.5 / sqrt(22.5), 1e-15, "hand");
    /* scipy.stats.spearmanr([3,1,4,1,5,9,2,6,5,3,5], [2,7,1,8,2,8,1,8,2,8,4])
     * = 0.1384567651467695 */
    const double a[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
    const double b[] = {2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4};
    assert_int_equal(t0_spearman(a, b, 11, &rho, &defined, NULL), T0_OK);
    assert_true(defined);
    assert_rel(rho, 0.1384567651467695, 1e-12, "scipy ties");
    /* perfectly reversed: -1 */
    const double up[] = {1, 2, 3}, down[] = {9, 5, 1};
    assert_int_equal(t0_spearman(up, down, 3, &rho, &defined, NULL), T0_OK);
    assert_true(defined && rho == -1.0);
}

static void test_spearman_undefined(void **state)
{
    (void)state;
    double rho = 7.0;
    bool defined = true;
    const double x[] = {1, 2, 3}, flat[] = {4, 4, 4};
    assert_int_equal(t0_spearman(x, flat, 3, &rho, &defined, NULL), T0_OK);
    assert_false(defined);
    assert_true(rho == 0.0);
    defined = true;
    assert_int_equal(t0_spearman(flat, x, 3, &rho, &defined, NULL), T0_OK);
    assert_false(defined);
    defined = true;
    assert_int_equal(t0_spearman(x, x, 1, &rho, &defined, NULL), T0_OK);
    assert_false(defined); /* fewer than two pairs */
}

/* ---- percentile ---- */

static void test_percentile_sorted_interpolates(void **state)
{
    (void)state;
    /* 1 2 4 8: median at position 3 * .5 = 1.5 -> 2 + .5 * (4 - 2) = 3;
     * p90 at 2.7 -> 4 + .7 * 4 = 6.8; p0 = 1, p100 = 8 */
    const double v[] = {1, 2, 4, 8};
    assert_rel(t0_percentile_sorted(v, 4, 0.5), 3.0, 1e-15, "median");
    assert_rel(t0_percentile_sorted(v, 4, 0.9), 6.8, 1e-15, "p90");
    assert_true(t0_percentile_sorted(v, 4, 0.0) == 1.0);
    assert_true(t0_percentile_sorted(v, 4, 1.0) == 8.0);
    assert_true(t0_percentile_sorted(v, 1, 0.9) == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_betainc_hand_worked),
        cmocka_unit_test(test_betainc_scipy),
        cmocka_unit_test(test_betainc_complement_tail),
        cmocka_unit_test(test_betainc_inv_hand_worked),
        cmocka_unit_test(test_betainc_inv_extreme),
        cmocka_unit_test(test_betainc_inv_round_trip),
        cmocka_unit_test(test_binom_sf_edges),
        cmocka_unit_test(test_binom_sf_scipy),
        cmocka_unit_test(test_clopper_pearson_ends),
        cmocka_unit_test(test_clopper_pearson_scipy),
        cmocka_unit_test(test_rank_average_ties),
        cmocka_unit_test(test_spearman_ties),
        cmocka_unit_test(test_spearman_undefined),
        cmocka_unit_test(test_percentile_sorted_interpolates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
