import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// zod/mini ships no locale: without this every failing field would say only "Invalid input".
// Classic zod loads the same English messages, so problem details read as they always have.
z.config(en());
