/* Runs an Arduino sketch on a PC: setup() once, then loop() until the IMU input ends. */
#include "Arduino.h"
#include "Arduino_LSM9DS1.h"

MockSerial Serial;
MockIMU IMU;

void setup();
void loop();

int main()
{
    setup();
    for (;;) {
        loop();
    }
}
