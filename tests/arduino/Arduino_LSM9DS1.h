/* A stand-in for the board's IMU that replays "aX,aY,aZ,gX,gY,gZ" lines from stdin. */
#ifndef ARDUINO_LSM9DS1_MOCK_H
#define ARDUINO_LSM9DS1_MOCK_H
#include <stdio.h>
#include <stdlib.h>

struct MockIMU {
    float row[6];
    bool acceleration_read = true;

    int begin() { return 1; }
    /* A new sample once the last one's acceleration was read; the program ends with the input. */
    bool accelerationAvailable()
    {
        if (acceleration_read) {
            if (scanf("%f,%f,%f,%f,%f,%f", &row[0], &row[1], &row[2], &row[3], &row[4], &row[5]) != 6) {
                exit(0);
            }
            acceleration_read = false;
        }
        return true;
    }
    bool gyroscopeAvailable() { return true; }
    void readAcceleration(float &x, float &y, float &z)
    {
        x = row[0], y = row[1], z = row[2];
        acceleration_read = true;
    }
    void readGyroscope(float &x, float &y, float &z) { x = row[3], y = row[4], z = row[5]; }
};

extern MockIMU IMU;
#endif
