/* OpenCV's BLAS and LAPACK calls, carried out by numpy's OpenBLAS.
 *
 * The OpenCV wheel brings its own OpenBLAS (37 MB, plus libgfortran) for the 4 BLAS and
 * 15 LAPACK routines cv2 imports (nm -D --undefined-only cv2.abi3.so); numpy's wheel
 * brings another (34 MB), built with 64-bit integers (ILP64) and a "64_" suffix on every
 * name. This library stands in for OpenCV's copy (same file name and soname): each
 * routine takes OpenCV's 32-bit integers, widens them, calls numpy's routine, and copies
 * back the integers LAPACK writes (info, pivots). Character arguments get the string
 * length gfortran passes after the others. installer/make_blas_adapter.py builds it and
 * check_opencv_lapack.py compares every routine with numpy's LAPACK on real matrices.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef int64_t i64;

/* ---- BLAS: cblas_?gemm (order and transposes are C enums: int in both builds) ---- */
void cblas_sgemm64_(int, int, int, i64, i64, i64, float, const float *, i64,
                    const float *, i64, float, float *, i64);
void cblas_dgemm64_(int, int, int, i64, i64, i64, double, const double *, i64,
                    const double *, i64, double, double *, i64);
void cblas_cgemm64_(int, int, int, i64, i64, i64, const void *, const void *, i64,
                    const void *, i64, const void *, void *, i64);
void cblas_zgemm64_(int, int, int, i64, i64, i64, const void *, const void *, i64,
                    const void *, i64, const void *, void *, i64);

void cblas_sgemm(int o, int ta, int tb, int m, int n, int k, float alpha, const float *a,
                 int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    cblas_sgemm64_(o, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void cblas_dgemm(int o, int ta, int tb, int m, int n, int k, double alpha, const double *a,
                 int lda, const double *b, int ldb, double beta, double *c, int ldc) {
    cblas_dgemm64_(o, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void cblas_cgemm(int o, int ta, int tb, int m, int n, int k, const void *alpha, const void *a,
                 int lda, const void *b, int ldb, const void *beta, void *c, int ldc) {
    cblas_cgemm64_(o, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void cblas_zgemm(int o, int ta, int tb, int m, int n, int k, const void *alpha, const void *a,
                 int lda, const void *b, int ldb, const void *beta, void *c, int ldc) {
    cblas_zgemm64_(o, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/* ---- LAPACK ---- */
static i64 *widened(const int *values, i64 count) {
    i64 *wide = malloc(sizeof(i64) * (size_t)(count > 0 ? count : 1));
    if (wide && values)
        for (i64 i = 0; i < count; i++) wide[i] = values[i];
    return wide;
}
static void narrowed(int *values, const i64 *wide, i64 count) {
    for (i64 i = 0; i < count; i++) values[i] = (int)wide[i];
}
#define OUT_OF_MEMORY(info) do { *(info) = -1000; return; } while (0)

/* ?gesv: solve A X = B by LU with partial pivoting; ipiv has n entries. */
#define GESV(T, name)                                                                    \
    void name##_64_(i64 *, i64 *, T *, i64 *, i64 *, T *, i64 *, i64 *);                 \
    void name##_(int *n, int *nrhs, T *a, int *lda, int *ipiv, T *b, int *ldb, int *info) { \
        i64 N = *n, NRHS = *nrhs, LDA = *lda, LDB = *ldb, INFO = 0;                      \
        i64 *piv = widened(NULL, N);                                                     \
        if (!piv) OUT_OF_MEMORY(info);                                                   \
        name##_64_(&N, &NRHS, a, &LDA, piv, b, &LDB, &INFO);                             \
        narrowed(ipiv, piv, N);                                                          \
        free(piv);                                                                       \
        *info = (int)INFO;                                                               \
    }
GESV(float, sgesv)
GESV(double, dgesv)

/* ?getrf: LU factorization; ipiv has min(m, n) entries. */
#define GETRF(T, name)                                                                   \
    void name##_64_(i64 *, i64 *, T *, i64 *, i64 *, i64 *);                             \
    void name##_(int *m, int *n, T *a, int *lda, int *ipiv, int *info) {                 \
        i64 M = *m, N = *n, LDA = *lda, INFO = 0, K = M < N ? M : N;                     \
        i64 *piv = widened(NULL, K);                                                     \
        if (!piv) OUT_OF_MEMORY(info);                                                   \
        name##_64_(&M, &N, a, &LDA, piv, &INFO);                                         \
        narrowed(ipiv, piv, K);                                                          \
        free(piv);                                                                       \
        *info = (int)INFO;                                                               \
    }
GETRF(float, sgetrf)
GETRF(double, dgetrf)

/* ?posv: solve A X = B for symmetric positive definite A (Cholesky). */
#define POSV(T, name)                                                                    \
    void name##_64_(char *, i64 *, i64 *, T *, i64 *, T *, i64 *, i64 *, size_t);        \
    void name##_(char *uplo, int *n, int *nrhs, T *a, int *lda, T *b, int *ldb, int *info) { \
        i64 N = *n, NRHS = *nrhs, LDA = *lda, LDB = *ldb, INFO = 0;                      \
        name##_64_(uplo, &N, &NRHS, a, &LDA, b, &LDB, &INFO, 1);                         \
        *info = (int)INFO;                                                               \
    }
POSV(float, sposv)
POSV(double, dposv)

/* ?potrf: Cholesky factorization. */
#define POTRF(T, name)                                                                   \
    void name##_64_(char *, i64 *, T *, i64 *, i64 *, size_t);                           \
    void name##_(char *uplo, int *n, T *a, int *lda, int *info) {                        \
        i64 N = *n, LDA = *lda, INFO = 0;                                                \
        name##_64_(uplo, &N, a, &LDA, &INFO, 1);                                         \
        *info = (int)INFO;                                                               \
    }
POTRF(float, spotrf)
POTRF(double, dpotrf)

/* ?gels: least squares by QR or LQ (lwork = -1 asks for the work size, in work[0]). */
#define GELS(T, name)                                                                    \
    void name##_64_(char *, i64 *, i64 *, i64 *, T *, i64 *, T *, i64 *, T *, i64 *,      \
                    i64 *, size_t);                                                      \
    void name##_(char *trans, int *m, int *n, int *nrhs, T *a, int *lda, T *b, int *ldb,  \
                 T *work, int *lwork, int *info) {                                       \
        i64 M = *m, N = *n, NRHS = *nrhs, LDA = *lda, LDB = *ldb, LWORK = *lwork;        \
        i64 INFO = 0;                                                                    \
        name##_64_(trans, &M, &N, &NRHS, a, &LDA, b, &LDB, work, &LWORK, &INFO, 1);      \
        *info = (int)INFO;                                                               \
    }
GELS(float, sgels)
GELS(double, dgels)

/* ?geqrf: QR factorization. */
#define GEQRF(T, name)                                                                   \
    void name##_64_(i64 *, i64 *, T *, i64 *, T *, T *, i64 *, i64 *);                   \
    void name##_(int *m, int *n, T *a, int *lda, T *tau, T *work, int *lwork, int *info) { \
        i64 M = *m, N = *n, LDA = *lda, LWORK = *lwork, INFO = 0;                        \
        name##_64_(&M, &N, a, &LDA, tau, work, &LWORK, &INFO);                           \
        *info = (int)INFO;                                                               \
    }
GEQRF(float, sgeqrf)
GEQRF(double, dgeqrf)

/* ?gesdd: SVD by divide and conquer; iwork is workspace of 8 * min(m, n) integers. */
#define GESDD(T, name)                                                                   \
    void name##_64_(char *, i64 *, i64 *, T *, i64 *, T *, T *, i64 *, T *, i64 *, T *,   \
                    i64 *, i64 *, i64 *, size_t);                                        \
    void name##_(char *jobz, int *m, int *n, T *a, int *lda, T *s, T *u, int *ldu, T *vt, \
                 int *ldvt, T *work, int *lwork, int *iwork, int *info) {                \
        i64 M = *m, N = *n, LDA = *lda, LDU = *ldu, LDVT = *ldvt, LWORK = *lwork;        \
        i64 INFO = 0, K = M < N ? M : N;                                                 \
        i64 *wide = widened(NULL, 8 * K);                                                \
        (void)iwork;                                                                     \
        if (!wide) OUT_OF_MEMORY(info);                                                  \
        name##_64_(jobz, &M, &N, a, &LDA, s, u, &LDU, vt, &LDVT, work, &LWORK, wide,     \
                   &INFO, 1);                                                            \
        free(wide);                                                                      \
        *info = (int)INFO;                                                               \
    }
GESDD(float, sgesdd)
GESDD(double, dgesdd)

/* dgeev: eigenvalues and eigenvectors of a general matrix. */
void dgeev_64_(char *, char *, i64 *, double *, i64 *, double *, double *, double *, i64 *,
               double *, i64 *, double *, i64 *, i64 *, size_t, size_t);
void dgeev_(char *jobvl, char *jobvr, int *n, double *a, int *lda, double *wr, double *wi,
            double *vl, int *ldvl, double *vr, int *ldvr, double *work, int *lwork,
            int *info) {
    i64 N = *n, LDA = *lda, LDVL = *ldvl, LDVR = *ldvr, LWORK = *lwork, INFO = 0;
    dgeev_64_(jobvl, jobvr, &N, a, &LDA, wr, wi, vl, &LDVL, vr, &LDVR, work, &LWORK, &INFO,
              1, 1);
    *info = (int)INFO;
}
