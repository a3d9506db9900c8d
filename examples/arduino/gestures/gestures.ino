/* Gesture classifier for the Arduino Nano 33 BLE Sense, running a network trained and
 * exported by glassnet (docs/microcontroller.md):
 *
 *   glassnet train gestures --hidden 15 --epochs 50 --save gestures.npz
 *   glassnet export gestures.npz --format c -o gestures.h
 *
 * Put gestures.h next to this file and install the Arduino_LSM9DS1 library. Move the
 * board sharply: it records one second of motion (119 samples of acceleration and
 * rotation, the shape of the training recordings) and prints the gesture it recognised.
 */
#include <Arduino_LSM9DS1.h>

#include "gestures.h"

const float MOTION_THRESHOLD = 2.5f; /* g: this much acceleration starts a recording */
const int SAMPLES = 119;             /* one second at the IMU's 119 Hz */
static_assert(GESTURES_N_INPUTS == SAMPLES * 6, "the network expects 119 x 6 values");

/* For each sample aX, aY, aZ (in g), gX, gY, gZ (in degrees per second): the order of
   the training data. gestures_preprocess scales them in place, as in training. */
float values[GESTURES_N_INPUTS];
float outputs[GESTURES_N_OUTPUTS];

void setup()
{
    Serial.begin(9600);
    while (!Serial) {
    }
    if (!IMU.begin()) {
        Serial.println("Failed to start the IMU");
        while (true) {
        }
    }
    Serial.println("Move the board: punch or flex");
}

void waitForMotion()
{
    float aX, aY, aZ;
    while (true) {
        if (IMU.accelerationAvailable()) {
            IMU.readAcceleration(aX, aY, aZ);
            if (fabs(aX) + fabs(aY) + fabs(aZ) >= MOTION_THRESHOLD) {
                return;
            }
        }
    }
}

void loop()
{
    waitForMotion();
    int sample = 0;
    while (sample < SAMPLES) {
        if (IMU.accelerationAvailable() && IMU.gyroscopeAvailable()) {
            float *row = &values[sample * 6];
            IMU.readAcceleration(row[0], row[1], row[2]);
            IMU.readGyroscope(row[3], row[4], row[5]);
            sample++;
        }
    }
    gestures_preprocess(values); /* +-4 g and +-2000 degrees/s onto 0..1 */
    int label = gestures_predict(values, outputs);
    Serial.print(gestures_class_names[label]);
    Serial.print(" (");
    Serial.print(outputs[label], 3);
    Serial.println(")");
}
