/* A stand-in for the Arduino core on a PC, enough for examples/arduino/gestures. */
#ifndef ARDUINO_MOCK_H
#define ARDUINO_MOCK_H
#include <math.h>
#include <stdio.h>

struct MockSerial {
    void begin(long) {}
    explicit operator bool() const { return true; }
    void print(const char *text) { fputs(text, stdout); }
    void print(float value, int digits) { printf("%.*f", digits, value); }
    void println(const char *text) { puts(text); }
};

extern MockSerial Serial;
#endif
