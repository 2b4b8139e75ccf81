/* show.c - placeholder filled below */
