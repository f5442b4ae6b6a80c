(* Loaded into Frama-C by 'dwarfmap prove' (-load-module).

   WP's task server advances its goals one step per round and sleeps 50 ms
   between rounds (Task.on_idle), however short the steps: a goal answered
   by Qed or by the proof cache still takes a round or two, so proving the
   211 goals of a small migration from the cache slept 13 of its 21 s with
   -wp-par 1.  A round every millisecond leaves the provers' work as it
   was: the server still runs at most -wp-par of them, and a round only
   polls the running ones. *)
let () =
  Task.on_idle :=
    fun step ->
      try
        while step () do
          Unix.sleepf 0.001
        done
      with Db.Cancel -> ()
