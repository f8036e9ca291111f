/* main.c: the tierzero command line (being assembled). */
#include <stdio.h>
#include "tierzero/report.h"
int main(void)
{
    puts("tierzero " T0_VERSION);
    return 0;
}
