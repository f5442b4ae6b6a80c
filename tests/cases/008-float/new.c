/* 008-float, new: float -> double (always exact), double -> float
 * (checked: the value must be exact in float). */
static double f2d;
static float d2f_exact;
static float d2f_inexact;
static float d2f_inf;
static double farr[3];

long long dp_version(void) { return 2; }

void setf_f2d(double v) { f2d = v; }
double getf_f2d(void) { return f2d; }
void setf_d2f_exact(double v) { d2f_exact = (float) v; }
double getf_d2f_exact(void) { return d2f_exact; }
void setf_d2f_inexact(double v) { d2f_inexact = (float) v; }
double getf_d2f_inexact(void) { return d2f_inexact; }
void setf_d2f_inf(double v) { d2f_inf = (float) v; }
double getf_d2f_inf(void) { return d2f_inf; }
void set_farr(int i, long long v) { farr[i] = (double) v / 4; }
long long get_farr(int i) { return (long long) (farr[i] * 4); }
