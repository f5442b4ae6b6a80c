(* Loaded into Frama-C by 'dwarfmap prove' (-load-module).

   WP (Frama-C 25, Typed and Typed+cast models, CVC4 1.8) proves
   'dst->r.name == src->r.name' for a function that copies 'dst->r =
   src->r' and then sets 'dst->r.name[3] = 0', and the same of a struct
   or a union that holds an array (docs/verification.md): an ACSL '==' or
   '!=' between such values states nothing a hook's author can rely on.
   This module finds every one in the annotations of the file (contracts,
   code annotations, predicates and lemmas) and prints a line for each,

     hotup-acsl <TAB> file <TAB> line <TAB> function <TAB> the relation

   which 'dwarfmap prove' reads from Frama-C's output and reports as a
   property that is not proved, and then the line 'hotup-acsl-checked',
   without which 'prove' takes it that the check did not run.  Unions are
   refused whole: WP models their members as aliases of one another. *)
open Cil_types

(* Does a value of type 'ty' hold an array or a union? *)
let rec holds_array seen ty =
  match Cil.unrollType ty with
  | TArray _ -> true
  | TComp (ci, _) when not ci.cstruct -> true
  | TComp (ci, _) when List.memq ci seen -> false
  | TComp (ci, _) ->
    List.exists (fun fi -> holds_array (ci :: seen) fi.ftype)
      (Option.value ~default:[] ci.cfields)
  | _ -> false

let suspect t =
  match t.term_type with Ctype ty -> holds_array [] ty | _ -> false

class find = object (self)
  inherit Visitor.frama_c_inplace

  method private note (pos, _) text =
    let fn = match self#current_kf with
      | Some kf -> Kernel_function.get_name kf
      | None -> "" in
    Printf.printf "hotup-acsl\t%s\t%d\t%s\t%s\n"
      (Filepath.Normalized.to_pretty_string pos.Filepath.pos_path)
      pos.Filepath.pos_lnum fn (String.map (function
          | '\t' | '\n' -> ' '
          | c -> c) text)

  (* The relation 'x' ('pp' prints it) of 'a' and 'b', at 'loc'. *)
  method private relation : 'x. location -> (Format.formatter -> 'x -> unit)
      -> 'x -> term -> term -> unit =
    fun loc pp x a b ->
      if suspect a || suspect b then
        self#note loc (Format.asprintf "%a" pp x)

  method! vpredicate p =
    (match p.pred_content with
     | Prel ((Req | Rneq), a, b) ->
       self#relation p.pred_loc Printer.pp_predicate p a b
     | _ -> ());
    Cil.DoChildren

  method! vterm t =
    (match t.term_node with
     | TBinOp ((Eq | Ne), a, b) -> self#relation t.term_loc Printer.pp_term t a b
     | _ -> ());
    Cil.DoChildren
end

(* Once, though '-then' runs the main functions again. *)
let ran = ref false

let () =
  Db.Main.extend (fun () ->
      if not !ran then begin
        ran := true;
        Visitor.visitFramacFileSameGlobals (new find) (Ast.get ());
        print_endline "hotup-acsl-checked"
      end)
