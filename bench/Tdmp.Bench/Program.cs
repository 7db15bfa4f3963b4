Console.WriteLine("The generation benchmark arrives with the engine.");
