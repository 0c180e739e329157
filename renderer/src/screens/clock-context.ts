// The clock screens judge time by: disappearing messages leave the view when it says they expire. The system clock
// in the app; tests put a virtual one around the screen under test.
import { createContext, useContext } from 'react';
import { systemClock, type Clock } from '../../../shared/ports/clock';

export const ClockContext = createContext<Clock>(systemClock);

export const useClock = (): Clock => useContext(ClockContext);
