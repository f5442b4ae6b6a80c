/* 008-float, old. */
static float f2d;
static double d2f_exact;
static double d2f_inexact;
static double d2f_inf;
static float farr[3];

long long dp_version(void) { return 1; }

void setf_f2d(double v) { f2d = (float) v; }
double getf_f2d(void) { return f2d; }
void setf_d2f_exact(double v) { d2f_exact = v; }
double getf_d2f_exact(void) { return d2f_exact; }
void setf_d2f_inexact(double v) { d2f_inexact = v; }
double getf_d2f_inexact(void) { return d2f_inexact; }
void setf_d2f_inf(double v) { d2f_inf = v; }
double getf_d2f_inf(void) { return d2f_inf; }
void set_farr(int i, long long v) { farr[i] = (float) v / 4; }
long long get_farr(int i) { return (long long) (farr[i] * 4); }
